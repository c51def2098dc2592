/** What the "play the next one" rule needs to know of a message. */
export interface VoiceMessageLike {
  id: string;
  senderId: string | null;
  deletedAt: string | null;
  playedAt?: string | null;
  attachments?: readonly { kind: string }[];
}

/** A voice message someone else sent that this listener has not played yet. */
export function isUnplayedVoice(message: VoiceMessageLike, myUserId: string): boolean {
  return (
    message.senderId !== myUserId &&
    !message.deletedAt &&
    !message.playedAt &&
    (message.attachments ?? []).some((attachment) => attachment.kind === 'voice')
  );
}

/**
 * The voice message to play when `afterMessageId` ends: the first unplayed one after it, in the
 * conversation's order (`messages` sorted by seq). None when it is not in the list any more.
 */
export function nextUnplayedVoice<M extends VoiceMessageLike>(
  messages: readonly M[],
  afterMessageId: string,
  myUserId: string,
): M | null {
  const at = messages.findIndex((message) => message.id === afterMessageId);
  if (at < 0) return null;
  return messages.slice(at + 1).find((message) => isUnplayedVoice(message, myUserId)) ?? null;
}
