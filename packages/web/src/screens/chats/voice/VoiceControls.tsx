import { PauseIcon, PlayIcon } from '../../../ui/icons.js';
import { appVoicePlayback, useVoicePlaybackState } from './app-voice-playback.js';
import { formatDuration } from './format-duration.js';
import { speedLabel } from './playback-speed.js';
import { SeekWaveform } from './SeekWaveform.js';
import type { VoiceTrack } from './voice-playback.js';
import styles from './VoiceControls.module.scss';

/**
 * Play/Pause, the Seek waveform, elapsed and total time and the speed, for one track. Every
 * voice player (messages and the review of a recording) plays through the app's one player.
 */
export function VoiceControls({
  track,
  peaks,
  unplayed = false,
  label,
}: {
  track: VoiceTrack;
  peaks: readonly number[] | undefined;
  /** Someone else's voice message this listener has not played yet: marked with a dot. */
  unplayed?: boolean;
  label: string;
}) {
  const playback = appVoicePlayback();
  const state = useVoicePlaybackState();
  const playing = state.current === track.key && state.playing;
  const position = state.positions.get(track.key) ?? 0;
  const speed = speedLabel(state.speed);

  return (
    <div className={styles.player} role="group" aria-label={label}>
      <button
        type="button"
        className={styles.play}
        aria-label={playing ? 'Pause' : 'Play'}
        onClick={() => playback.toggle(track)}
      >
        {playing ? <PauseIcon /> : <PlayIcon />}
      </button>
      {unplayed && <span className={styles.unplayed} role="img" aria-label="Not played yet" />}
      <SeekWaveform
        peaks={peaks}
        durationMs={track.durationMs}
        positionMs={position}
        onSeek={(ms) => playback.seek(track, ms)}
      />
      <span className={styles.time}>
        <span role="timer" aria-label="Elapsed">
          {formatDuration(position)}
        </span>
        {' / '}
        <span>{formatDuration(track.durationMs)}</span>
      </span>
      <button
        type="button"
        className={styles.speed}
        aria-label={`Playback speed ${speed}`}
        onClick={() => playback.cycleSpeed()}
      >
        {speed}
      </button>
      {state.failed === track.key && (
        <span role="alert" className={styles.failed}>
          This voice message cannot be played here.
        </span>
      )}
    </div>
  );
}
