import { useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTRPC, useTRPCClient } from '../../trpc/context.js';
import type { TMessage } from './conversation-title.js';
import { refreshMessage, replaceMessage } from './message-pages.js';

export interface MessageChanges {
  edit(message: TMessage, text: string): Promise<void>;
  remove(message: TMessage): Promise<void>;
  react(message: TMessage, emoji: string): Promise<void>;
}

/**
 * Edits, deletes and reactions on a conversation's messages. Each shows here as soon as the API
 * answers; the other members' apps refetch the message on its `message.updated` event.
 */
export function useMessageChanges(conversationId: string): MessageChanges {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  return useMemo(() => {
    const refetch = async (message: TMessage) => {
      await refreshMessage(queryClient, client, conversationId, message.seq);
      // The chat list previews the last message, which may be this one.
      void queryClient.invalidateQueries(trpc.conversations.list.queryFilter());
    };
    return {
      edit: async (message, text) => {
        replaceMessage(
          queryClient,
          await client.messages.edit.mutate({ conversationId, messageId: message.id, text }),
        );
        void queryClient.invalidateQueries(trpc.conversations.list.queryFilter());
      },
      remove: async (message) => {
        await client.messages.delete.mutate({ conversationId, messageId: message.id });
        await refetch(message);
      },
      react: async (message, emoji) => {
        await client.messages.react.mutate({ conversationId, messageId: message.id, emoji });
        await refetch(message);
      },
    };
  }, [client, conversationId, queryClient, trpc]);
}
