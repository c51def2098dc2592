import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTRPCClient } from '../../trpc/context.js';
import type { TMessage } from './conversation-title.js';
import { messagesQueryKey } from './messages-query-key.js';

const PAGE_SIZE = 50;

/**
 * A conversation's history: the newest page first, older pages on demand (`fetchNextPage`); newer
 * messages are appended to the newest page as they arrive (`catchUpMessages`, from live events).
 */
export function useConversationMessages(conversationId: string) {
  const client = useTRPCClient();
  const query = useInfiniteQuery({
    queryKey: messagesQueryKey(conversationId),
    queryFn: ({ pageParam }) =>
      client.messages.list.query({ conversationId, before: pageParam, limit: PAGE_SIZE }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (page) => (page.hasOlder ? page.messages[0]?.seq : undefined),
    // Kept current by live events (catch-up appends); a refetch would drop what is on screen.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  const messages = useMemo(() => inSeqOrder(query.data?.pages ?? []), [query.data]);
  return { ...query, messages };
}

/** Pages come newest first; a message sent from here may sit in two of them until the refetch. */
function inSeqOrder(pages: { messages: TMessage[] }[]): TMessage[] {
  const bySeq = new Map<number, TMessage>();
  for (const page of pages) for (const message of page.messages) bySeq.set(message.seq, message);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}
