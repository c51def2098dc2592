import { useState } from 'react';
import { Button } from '../../../ui/Button.js';
import { MicIcon } from '../../../ui/icons.js';
import type { TAttachment } from '../media/attachment-types.js';
import { RecordingPanel } from './RecordingPanel.js';
import { ReviewPanel } from './ReviewPanel.js';
import { useVoiceRecorder } from './useVoiceRecorder.js';
import styles from './RecordingPanel.module.scss';

/**
 * The composer's voice message part: the **Record voice message** button, then the recording,
 * then the review of what was recorded. A chat's unsent recording stays with the chat.
 */
export function VoiceRecorder({
  conversationId,
  onSend,
}: {
  conversationId: string;
  onSend(attachment: TAttachment): void;
}) {
  const recorder = useVoiceRecorder(conversationId);
  const { phase, recording, draft, problem } = recorder;
  // Once a panel was open, the Record button takes focus back when it closes (sent, discarded,
  // cancelled), rather than focus falling to the page.
  const [panelShown, setPanelShown] = useState(false);
  if (!panelShown && (phase !== 'idle' || draft)) setPanelShown(true);

  return (
    <>
      {recording && phase === 'recording' && <RecordingPanel recording={recording} />}
      {phase === 'processing' && (
        <p role="status" className={styles.panel}>
          Preparing the recording…
        </p>
      )}
      {phase === 'idle' && draft && (
        <ReviewPanel conversationId={conversationId} draft={draft} onSend={onSend} />
      )}
      {problem && (
        <div role="alert" className={styles.panel}>
          <span className={styles.problem}>{problem}</span>
          <Button variant="ghost" onClick={recorder.dismissProblem}>
            Dismiss
          </Button>
        </div>
      )}
      {(phase === 'idle' || phase === 'starting') && !draft && (
        <Button
          variant="ghost"
          aria-label="Record voice message"
          title="Record voice message"
          busy={phase === 'starting'}
          autoFocus={panelShown}
          onClick={recorder.start}
        >
          <MicIcon />
        </Button>
      )}
    </>
  );
}
