import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useLiveServices, useMyUserId } from '../../app/services-context.js';
import { showInChatList } from '../../live/chat-list-message.js';
import { useTRPC, useTRPCClient } from '../../trpc/context.js';
import { newClientMessageId } from './client-message-id.js';
import type { TAttachment } from './media/attachment-types.js';
import { placeMessage } from './message-pages.js';

export interface PendingMessage {
  clientMessageId: string;
  text: string;
  replyToId: string | null;
  /** Already uploaded; the text is their caption. */
  attachments: TAttachment[];
  /** User ids of the members it mentions (groups). */
  mentions: string[];
  createdAt: string;
  failed: boolean;
}

/**
 * Sends messages one after another (so they keep the order they were written in), showing each at
 * once as pending. A failed one stays with a retry, which reuses its clientMessageId: if the first
 * try did reach the API, the same message comes back instead of a copy. Failed ones are retried by
 * themselves, in order, when the live connection comes back.
 */
export function useMessageSender(conversationId: string) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const myUserId = useMyUserId();
  const [pending, setPending] = useState<PendingMessage[]>([]);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const { live } = useLiveServices();

  const deliver = useCallback(
    (message: PendingMessage) => {
      const update = (change: (p: PendingMessage) => PendingMessage | null) =>
        setPending((list) =>
          list.flatMap((p) => {
            if (p.clientMessageId !== message.clientMessageId) return [p];
            const changed = change(p);
            return changed ? [changed] : [];
          }),
        );
      setPending((list) => [
        ...list.filter((p) => p.clientMessageId !== message.clientMessageId),
        { ...message, failed: false },
      ]);
      queue.current = queue.current.then(async () => {
        try {
          const sent = await client.messages.send.mutate({
            conversationId,
            clientMessageId: message.clientMessageId,
            text: message.text,
            replyToId: message.replyToId,
            ...(message.attachments.length > 0 ? { attachments: message.attachments } : {}),
            ...(message.mentions.length > 0 ? { mentions: message.mentions } : {}),
          });
          // Stored as its live event would be (whichever comes first, the other adds nothing);
          // fetched when messages from others arrived before it and are not cached yet. The
          // pending copy goes only once the stored one is in the pages, so it never blinks out.
          await placeMessage(queryClient, client, conversationId, sent).catch(() => undefined);
          update(() => null);
          if (!showInChatList(queryClient, trpc, sent, myUserId)) {
            void queryClient.invalidateQueries(trpc.conversations.list.queryFilter());
          }
        } catch {
          update((p) => ({ ...p, failed: true }));
        }
      });
    },
    [client, conversationId, queryClient, trpc, myUserId],
  );

  const send = useCallback(
    (
      text: string,
      replyToId: string | null = null,
      attachments: TAttachment[] = [],
      mentions: string[] = [],
    ) =>
      deliver({
        clientMessageId: newClientMessageId(),
        text,
        replyToId,
        attachments,
        mentions,
        createdAt: new Date().toISOString(),
        failed: false,
      }),
    [deliver],
  );
  const failed = useRef<PendingMessage[]>([]);
  useEffect(() => {
    failed.current = pending.filter((p) => p.failed);
  }, [pending]);
  useEffect(() => {
    const subscription = live.connectionState.subscribe({
      next: (state) => {
        if (state.state === 'pending') for (const p of failed.current) deliver(p);
      },
    });
    return () => subscription.unsubscribe();
  }, [live, deliver]);

  return { pending, send, retry: deliver };
}
