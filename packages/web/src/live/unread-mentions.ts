import { useQuery, type QueryClient } from '@tanstack/react-query';
import type { TConversationSummary } from '../screens/chats/conversation-title.js';

/** Per conversation, the newest seq of a message that mentions me, as live events told. */
export type MentionSeqs = Record<string, number>;

const mentionsQueryKey = ['mentions-me'] as const;

/** A `message.created` with `mentionsMe`: kept until the chat is read past it. */
export function noteMention(queryClient: QueryClient, conversationId: string, seq: number): void {
  queryClient.setQueryData<MentionSeqs>(mentionsQueryKey, (seen) => ({
    ...seen,
    [conversationId]: Math.max(seen?.[conversationId] ?? 0, seq),
  }));
}

/**
 * Whether the chat has an unread message that mentions me: one told by a live event, or its last
 * message (which is all the chat list knows of after a reload).
 */
export function hasUnreadMention(
  chat: TConversationSummary,
  seen: MentionSeqs | undefined,
  myUserId: string,
): boolean {
  const last = chat.lastMessage;
  const lastMentionsMe = last && !last.deletedAt && last.mentions.includes(myUserId);
  const newest = Math.max(seen?.[chat.id] ?? 0, lastMentionsMe ? last.seq : 0);
  return newest > chat.lastReadSeq;
}

export function useMentionSeqs(): MentionSeqs {
  return useQuery<MentionSeqs>({
    queryKey: mentionsQueryKey,
    // Never fetched: only live events write it.
    queryFn: () => ({}),
    initialData: {},
    staleTime: Infinity,
  }).data;
}
