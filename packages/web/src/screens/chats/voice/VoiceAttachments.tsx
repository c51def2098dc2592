import { useMyUserId } from '../../../app/services-context.js';
import type { TMessage } from '../conversation-title.js';
import type { TAttachment, TAttachmentView } from '../media/attachment-types.js';
import { formatDuration } from './format-duration.js';
import { isUnplayedVoice } from './next-unplayed.js';
import { useVoiceMessageTrack } from './useVoiceMessageTrack.js';
import { VoiceControls } from './VoiceControls.js';
import styles from './VoiceControls.module.scss';

/**
 * The voice messages among a message's attachments (other kinds are shown elsewhere): players for
 * a message the server holds (`message`, null when deleted or still sending), or a line for each
 * voice message still on its way (`sending`).
 */
export function VoiceAttachments({
  message,
  sending,
  senderName,
}: {
  message: TMessage | null;
  sending: readonly TAttachment[];
  senderName: string;
}) {
  if (!message) {
    return sending
      .filter((attachment) => attachment.kind === 'voice')
      .map((attachment) => (
        <span key={attachment.mediaId} className={styles.sending}>
          Voice message ({formatDuration(attachment.durationMs ?? 0)}), sending…
        </span>
      ));
  }
  return message.attachments
    .filter((attachment) => attachment.kind === 'voice')
    .map((attachment) => (
      <VoicePlayer
        key={attachment.id}
        message={message}
        attachment={attachment}
        senderName={senderName}
      />
    ));
}

function VoicePlayer({
  message,
  attachment,
  senderName,
}: {
  message: TMessage;
  attachment: TAttachmentView;
  senderName: string;
}) {
  const track = useVoiceMessageTrack(message, attachment);
  const unplayed = isUnplayedVoice(message, useMyUserId());
  const length = formatDuration(track.durationMs);
  return (
    <VoiceControls
      track={track}
      peaks={attachment.waveform}
      unplayed={unplayed}
      label={`Voice message from ${senderName}, ${length}${unplayed ? ', not played yet' : ''}`}
    />
  );
}
