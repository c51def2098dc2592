import type { QueryClient } from '@tanstack/react-query';
import type { TRPCOptionsProxy } from '@trpc/tanstack-react-query';
import type { TConversationSummary } from '../screens/chats/conversation-title.js';
import type { AppRouter } from '../trpc/types.js';
import { messageNotification } from './message-notification.js';

export function notificationsSupported(): boolean {
  return typeof Notification !== 'undefined';
}

/**
 * A system notification for a message that arrives while the tab is hidden (and the person
 * allowed notifications); clicking it brings the tab forward on that conversation.
 */
export async function notifyNewMessage(
  event: { conversationId: string; messageId: string },
  deps: {
    queryClient: QueryClient;
    trpc: TRPCOptionsProxy<AppRouter>;
    myUserId: string;
    openConversation(conversationId: string): void;
  },
): Promise<void> {
  if (!notificationsSupported() || Notification.permission !== 'granted') return;
  if (document.visibilityState === 'visible') return;
  const chatIn = (chats: TConversationSummary[] | undefined) =>
    chats?.find((c) => c.id === event.conversationId);
  // The live event usually put the message in the cached list already; otherwise ask the server.
  const cached = chatIn(deps.queryClient.getQueryData(deps.trpc.conversations.list.queryKey()));
  const chat =
    cached?.lastMessage?.id === event.messageId
      ? cached
      : chatIn(
          await deps.queryClient.fetchQuery({
            ...deps.trpc.conversations.list.queryOptions(),
            staleTime: 0,
          }),
        );
  const notice = messageNotification(chat, event.messageId, deps.myUserId);
  if (!notice) return;
  const notification = new Notification(notice.title, { tag: notice.tag });
  notification.onclick = () => {
    window.focus();
    deps.openConversation(notice.conversationId);
    notification.close();
  };
}
