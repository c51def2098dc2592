import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTRPC } from '../trpc/context.js';

/**
 * Tells senders their messages reached this device (the "delivered" tick), hidden tab or not. The
 * chat list follows every new message (live events), so a conversation with unread messages newer
 * than what was marked gets marked up to its newest seq; on load this covers what came while away.
 */
export function useDeliveryReceipts(): void {
  const trpc = useTRPC();
  const list = useQuery(trpc.conversations.list.queryOptions());
  const { mutate } = useMutation(trpc.messages.markDelivered.mutationOptions());
  const marked = useRef(new Map<string, number>());

  useEffect(() => {
    for (const chat of list.data ?? []) {
      if (chat.unreadCount === 0 || chat.lastSeq <= (marked.current.get(chat.id) ?? 0)) continue;
      marked.current.set(chat.id, chat.lastSeq);
      mutate({ conversationId: chat.id, seq: chat.lastSeq });
    }
  }, [list.data, mutate]);
}
