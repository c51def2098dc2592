import { useMemo, useRef, useState } from 'react';
import { Button } from '../../../ui/Button.js';
import type { TAttachment } from '../media/attachment-types.js';
import { UploadError, type UploadHandle } from '../media/upload-media.js';
import { useUploadMedia } from '../media/useUploadMedia.js';
import { appVoicePlayback } from './app-voice-playback.js';
import { formatDuration } from './format-duration.js';
import { voiceFileName } from './recording-format.js';
import { VoiceControls } from './VoiceControls.js';
import { voiceDrafts, type VoiceDraft } from './voice-drafts.js';
import { MAX_RECORDING_MS } from './voice-recording.js';
import styles from './RecordingPanel.module.scss';

/** The finished recording of a chat: listen to it, then Send it (upload, then the message) or discard. */
export function ReviewPanel({
  conversationId,
  draft,
  onSend,
}: {
  conversationId: string;
  draft: VoiceDraft;
  onSend(attachment: TAttachment): void;
}) {
  const upload = useUploadMedia();
  const [progress, setProgress] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const sending = useRef<UploadHandle | null>(null);
  const track = useMemo(
    () => ({
      key: `draft/${conversationId}/${draft.url}`,
      src: draft.url,
      durationMs: draft.durationMs,
    }),
    [conversationId, draft],
  );

  const forget = () => {
    appVoicePlayback().release(track.key);
    voiceDrafts.discard(conversationId);
  };
  const discard = () => {
    sending.current?.abort();
    forget();
  };
  const send = async () => {
    if (sending.current) return;
    setProblem(null);
    setProgress(0);
    const handle = upload(
      draft.blob,
      'voice',
      voiceFileName(draft.type, new Date()),
      (done, total) => setProgress(total > 0 ? done / total : 0),
    );
    sending.current = handle;
    try {
      const attachment = await handle.done;
      // The API measured the duration; the waveform only the recording browser can draw.
      onSend({
        ...attachment,
        durationMs: attachment.durationMs ?? draft.durationMs,
        waveform: draft.peaks,
      });
      forget();
    } catch (error) {
      if (!(error instanceof UploadError && error.aborted)) {
        setProblem(error instanceof Error ? error.message : 'The voice message was not sent.');
      }
    } finally {
      sending.current = null;
      setProgress(null);
    }
  };

  return (
    <div className={styles.panel} role="group" aria-label="Voice message to send">
      <VoiceControls track={track} peaks={draft.peaks} label="Your recording" />
      {draft.limited && (
        <p role="status" className={styles.note}>
          Recording stopped at the {formatDuration(MAX_RECORDING_MS)} limit.
        </p>
      )}
      {problem && (
        <p role="alert" className={styles.problem}>
          {problem}
        </p>
      )}
      <Button variant="ghost" onClick={discard}>
        Discard recording
      </Button>
      <Button variant="primary" busy={progress !== null} onClick={() => void send()} autoFocus>
        {progress === null ? 'Send' : `Sending ${Math.round(progress * 100)}%`}
      </Button>
    </div>
  );
}
