import type { TConversationSummary } from '../screens/chats/conversation-title.js';

export interface MessageNotification {
  title: string;
  /** One notification per conversation: a newer one replaces it. */
  tag: string;
  conversationId: string;
}

/**
 * What to tell about a new message (nothing for one's own, or when the chat list does not show it
 * as the latest). No message text: it would leave Parley for the system's notification store.
 */
export function messageNotification(
  chat: TConversationSummary | undefined,
  messageId: string,
  myUserId: string,
): MessageNotification | null {
  const message = chat?.lastMessage;
  if (!chat || !message || message.id !== messageId || message.senderId === myUserId) return null;
  const group = chat.title ?? 'a group';
  const title =
    chat.kind === 'direct'
      ? `New message from ${chat.peer?.displayName ?? 'someone'}`
      : message.mentions.includes(myUserId)
        ? `You were mentioned in ${group}`
        : `New message in ${group}`;
  return { title, tag: `parley-chat-${chat.id}`, conversationId: chat.id };
}
