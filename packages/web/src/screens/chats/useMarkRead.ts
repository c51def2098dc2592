import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTRPC } from '../../trpc/context.js';

/** Marks the conversation read up to `lastSeq` whenever it is on screen in a visible tab. */
export function useMarkRead(conversationId: string, lastSeq: number, lastReadSeq: number): void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const marked = useRef(0);
  const { mutate } = useMutation(
    trpc.messages.markRead.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.conversations.list.queryFilter()),
    }),
  );

  useEffect(() => {
    const mark = () => {
      const seq = lastSeq;
      if (document.visibilityState !== 'visible') return;
      if (seq <= Math.max(marked.current, lastReadSeq)) return;
      marked.current = seq;
      mutate({ conversationId, seq });
    };
    mark();
    document.addEventListener('visibilitychange', mark);
    return () => document.removeEventListener('visibilitychange', mark);
  }, [conversationId, lastSeq, lastReadSeq, mutate]);
}
