import { useEffect, useState } from 'react';
import { Button } from '../../../ui/Button.js';
import { formatDuration } from './format-duration.js';
import { LevelMeter } from './LevelMeter.js';
import { MAX_RECORDING_MS, type VoiceRecording } from './voice-recording.js';
import styles from './RecordingPanel.module.scss';

const TICK_MS = 200;

/** A recording under way: its time, the live level, Pause/Resume, Cancel and Stop. */
export function RecordingPanel({ recording }: { recording: VoiceRecording }) {
  const [elapsed, setElapsed] = useState(() => recording.elapsedMs());
  const [paused, setPaused] = useState(false);
  useEffect(() => {
    const timer = setInterval(() => setElapsed(recording.elapsedMs()), TICK_MS);
    return () => clearInterval(timer);
  }, [recording]);

  const togglePause = () => {
    if (paused) recording.resume();
    else recording.pause();
    setPaused(!paused);
  };
  return (
    <div className={styles.panel} role="group" aria-label="Recording a voice message">
      <span className={paused ? styles.pausedDot : styles.liveDot} aria-hidden="true" />
      <span role="timer" aria-label="Recording time" className={styles.timer}>
        {formatDuration(elapsed)}
      </span>
      <span className={styles.status}>{paused ? 'Paused' : 'Recording'}</span>
      <LevelMeter recording={recording} />
      <span className={styles.limit}>max {formatDuration(MAX_RECORDING_MS)}</span>
      <Button variant="ghost" onClick={() => recording.cancel()}>
        Cancel recording
      </Button>
      <Button variant="secondary" onClick={togglePause}>
        {paused ? 'Resume recording' : 'Pause recording'}
      </Button>
      <Button variant="primary" onClick={() => recording.stop()} autoFocus>
        Stop recording
      </Button>
    </div>
  );
}
