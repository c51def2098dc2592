import type { QueryClient } from '@tanstack/react-query';
import type { TRPCOptionsProxy } from '@trpc/tanstack-react-query';
import type { TConversationSummary, TMessage } from '../screens/chats/conversation-title.js';
import type { AppRouter } from '../trpc/types.js';

/**
 * Shows a message that came with its live event in the cached chat list, as the server's list
 * would (conversation-views.ts), without fetching the list. False when that cannot be told without
 * the server, so the caller refetches: the list is not loaded or is being fetched (that answer may
 * predate the message), or the conversation is not in it or is behind by more than this message.
 */
export function showInChatList(
  queryClient: QueryClient,
  trpc: TRPCOptionsProxy<AppRouter>,
  message: TMessage,
  myUserId: string,
): boolean {
  const key = trpc.conversations.list.queryKey();
  const chats = queryClient.getQueryData(key);
  if (!chats || queryClient.getQueryState(key)?.fetchStatus === 'fetching') return false;
  const updated = withNewMessage(chats, message, myUserId);
  if (updated) queryClient.setQueryData(key, updated);
  return updated !== null;
}

/**
 * The chat list with this message as its conversation's latest, that conversation first; the list
 * itself when it already has the message; null when the conversation is missing or behind.
 */
export function withNewMessage(
  chats: TConversationSummary[],
  message: TMessage,
  myUserId: string,
): TConversationSummary[] | null {
  const chat = chats.find((c) => c.id === message.conversationId);
  if (!chat || chat.lastSeq < message.seq - 1) return null;
  if (chat.lastSeq >= message.seq) return chats;
  // The server counts messages after my last read (which never passes lastSeq, so this one is),
  // from epochs I may read (its event reached me), sent by anyone but me.
  const unread = message.senderId === myUserId ? 0 : 1;
  // Activity is stamped by the API's clock, the message by the database's: taking the newest
  // listed time too keeps this chat first, as the server's list would have it.
  const lastActivityAt = chats.reduce(
    (newest, c) => (Date.parse(c.lastActivityAt) > Date.parse(newest) ? c.lastActivityAt : newest),
    message.createdAt,
  );
  return [
    {
      ...chat,
      lastSeq: message.seq,
      unreadCount: chat.unreadCount + unread,
      lastActivityAt,
      lastMessage: message,
    },
    ...chats.filter((c) => c !== chat),
  ];
}
