import { useEffect, useRef } from 'react';
import type { VoiceRecording } from './voice-recording.js';
import styles from './RecordingPanel.module.scss';

/** The microphone's live level, redrawn every frame without re-rendering (decorative). */
export function LevelMeter({ recording }: { recording: VoiceRecording }) {
  const bar = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    let frame = 0;
    const draw = () => {
      if (bar.current) bar.current.style.transform = `scaleX(${recording.level()})`;
      frame = requestAnimationFrame(draw);
    };
    frame = requestAnimationFrame(draw);
    return () => cancelAnimationFrame(frame);
  }, [recording]);
  return (
    <span className={styles.meter} aria-hidden="true">
      <span ref={bar} className={styles.level} />
    </span>
  );
}
