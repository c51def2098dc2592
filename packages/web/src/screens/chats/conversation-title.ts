import type { RouterOutputs } from '../../trpc/types.js';

export type TConversationSummary = RouterOutputs['conversations']['list'][number];
export type TConversation = RouterOutputs['conversations']['get'];
export type TMessage = RouterOutputs['messages']['list']['messages'][number];
export type TPublicUser = NonNullable<TConversationSummary['peer']>;

/** A group's title, or the other person of a direct chat (yourself in a note-to-self). */
export function peerOf(conversation: TConversation, myUserId: string): TPublicUser | null {
  if (conversation.kind !== 'direct') return null;
  const other = conversation.members.find((member) => member.user.id !== myUserId);
  return (other ?? conversation.members[0])?.user ?? null;
}

export function titleOf(
  conversation: { kind: 'direct' | 'group'; title: string | null },
  peer: TPublicUser | null,
): string {
  if (conversation.kind === 'group') return conversation.title ?? 'Group';
  return peer?.displayName ?? 'Direct chat';
}

/** How a message's sender is named in a conversation ("You" for oneself). */
export function senderName(
  conversation: Pick<TConversation, 'members'>,
  userId: string | null,
  myUserId: string,
): string {
  if (userId === myUserId) return 'You';
  return (
    conversation.members.find((m) => m.user.id === userId)?.user.displayName ?? 'Former member'
  );
}
