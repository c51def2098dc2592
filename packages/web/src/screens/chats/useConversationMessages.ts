import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useTRPCClient } from '../../trpc/context.js';
import type { TMessage } from './conversation-title.js';
import type { MessageCursor, MessagePages } from './message-pages.js';
import { messagesQueryKey } from './messages-query-key.js';

const PAGE_SIZE = 50;
/**
 * Pages kept in memory: scrolling past this many drops pages at the far end, which load again
 * when scrolled back to. Bounds memory and the rows recomputed per change in very long chats.
 */
const MAX_PAGES = 40;

/**
 * A window onto a conversation's history, pages newest first: older pages on demand
 * (`fetchNextPage`), newer ones too once the window no longer reaches the latest message
 * (`fetchPreviousPage`, after a jump or after dropping pages). While it does reach the latest,
 * arriving messages are appended to the newest page (`catchUpMessages`, from live events).
 */
export function useConversationMessages(conversationId: string) {
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const query = useInfiniteQuery({
    queryKey: messagesQueryKey(conversationId),
    queryFn: ({ pageParam }) =>
      client.messages.list.query({ conversationId, ...pageParam, limit: PAGE_SIZE }),
    initialPageParam: null as MessageCursor,
    getNextPageParam: (page): MessageCursor | undefined => {
      const first = page.messages[0];
      return page.hasOlder && first ? { before: first.seq } : undefined;
    },
    getPreviousPageParam: (page): MessageCursor | undefined => {
      const last = page.messages.at(-1);
      return page.hasNewer && last ? { after: last.seq } : undefined;
    },
    maxPages: MAX_PAGES,
    // Kept current by live events (catch-up appends); a refetch would drop what is on screen.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  const messages = useMemo(() => inSeqOrder(query.data?.pages ?? []), [query.data]);

  /** Replaces the window with the page around a message (a quoted one that is not loaded). */
  const jumpTo = useCallback(
    async (messageId: string) => {
      const key = messagesQueryKey(conversationId);
      await queryClient.cancelQueries({ queryKey: key, exact: true });
      const cursor = { aroundId: messageId };
      const page = await client.messages.list.query({
        conversationId,
        ...cursor,
        limit: PAGE_SIZE,
      });
      queryClient.setQueryData<MessagePages>(key, { pages: [page], pageParams: [cursor] });
    },
    [client, queryClient, conversationId],
  );
  /** Back to the newest page (after a jump, or on sending from far up the history). */
  const showLatest = useCallback(
    () => queryClient.resetQueries({ queryKey: messagesQueryKey(conversationId), exact: true }),
    [queryClient, conversationId],
  );
  return { ...query, messages, jumpTo, showLatest };
}

/** Pages come newest first; a message sent from here may sit in two of them until the refetch. */
export function inSeqOrder(pages: { messages: TMessage[] }[]): TMessage[] {
  const bySeq = new Map<number, TMessage>();
  for (const page of pages) for (const message of page.messages) bySeq.set(message.seq, message);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}
