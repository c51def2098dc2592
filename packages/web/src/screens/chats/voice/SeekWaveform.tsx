import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { formatDuration, spokenDuration } from './format-duration.js';
import styles from './SeekWaveform.module.scss';

const KEY_STEP_MS = 5_000;
/** Bars drawn for a voice message that came without a waveform (e.g. from an SDK device). */
const FLAT = new Array<number>(48).fill(40);

/**
 * A voice message's waveform that is also its position slider, named **Seek**: click or drag to
 * move, arrow keys ±5 s, Page keys ±10 %, Home/End. The played part is drawn in full colour.
 */
export function SeekWaveform({
  peaks,
  durationMs,
  positionMs,
  onSeek,
}: {
  peaks: readonly number[] | undefined;
  durationMs: number;
  positionMs: number;
  onSeek(ms: number): void;
}) {
  const area = useRef<HTMLDivElement>(null);
  const bars = peaks && peaks.length > 0 ? peaks : FLAT;
  const position = Math.min(Math.max(0, positionMs), durationMs);
  const playedPercent = durationMs > 0 ? (position / durationMs) * 100 : 0;

  const seekTo = (ms: number) => onSeek(Math.min(Math.max(0, ms), durationMs));
  const seekToPointer = (event: PointerEvent<HTMLDivElement>) => {
    const box = area.current?.getBoundingClientRect();
    if (!box || box.width === 0) return;
    seekTo(((event.clientX - box.left) / box.width) * durationMs);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step: Record<string, number> = {
      ArrowRight: position + KEY_STEP_MS,
      ArrowUp: position + KEY_STEP_MS,
      ArrowLeft: position - KEY_STEP_MS,
      ArrowDown: position - KEY_STEP_MS,
      PageUp: position + durationMs / 10,
      PageDown: position - durationMs / 10,
      Home: 0,
      End: durationMs,
    };
    const target = step[event.key];
    if (target === undefined) return;
    event.preventDefault();
    seekTo(target);
  };

  const drawing = (
    <svg viewBox={`0 0 ${bars.length} 100`} preserveAspectRatio="none" aria-hidden="true">
      {bars.map((peak, i) => {
        const height = Math.max(6, (peak / 255) * 100);
        return <rect key={i} x={i + 0.15} width={0.7} y={(100 - height) / 2} height={height} />;
      })}
    </svg>
  );
  return (
    <div
      ref={area}
      className={styles.waveform}
      role="slider"
      tabIndex={0}
      aria-label="Seek"
      aria-orientation="horizontal"
      aria-valuemin={0}
      // Whole seconds, rounded alike, so the end of the message reads as the maximum.
      aria-valuemax={Math.max(1, Math.floor(durationMs / 1000))}
      aria-valuenow={Math.floor(position / 1000)}
      aria-valuetext={`${spokenDuration(position)} of ${spokenDuration(durationMs)}`}
      title={formatDuration(position)}
      onKeyDown={onKeyDown}
      onPointerDown={(event) => {
        event.currentTarget.setPointerCapture(event.pointerId);
        seekToPointer(event);
      }}
      onPointerMove={(event) => {
        if (event.currentTarget.hasPointerCapture(event.pointerId)) seekToPointer(event);
      }}
    >
      <div className={styles.unplayed}>{drawing}</div>
      <div className={styles.played} style={{ clipPath: `inset(0 ${100 - playedPercent}% 0 0)` }}>
        {drawing}
      </div>
    </div>
  );
}
