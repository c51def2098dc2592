import { useMyUserId } from '../../../app/services-context.js';
import type { TMessage } from '../conversation-title.js';
import type { TAttachmentView } from '../media/attachment-types.js';
import { formatDuration } from './format-duration.js';
import { isUnplayedVoice } from './next-unplayed.js';
import { useVoiceMessageTrack } from './useVoiceMessageTrack.js';
import { VoiceControls } from './VoiceControls.js';

/** The voice messages among a message's attachments (other kinds are shown elsewhere). */
export function VoiceAttachments({
  message,
  senderName,
}: {
  message: TMessage;
  senderName: string;
}) {
  const voices = message.attachments.filter((attachment) => attachment.kind === 'voice');
  return voices.map((attachment) => (
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
