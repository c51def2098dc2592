import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { typingLabel } from '../../live/typing.js';
import { hasUnreadMention, useMentionSeqs } from '../../live/unread-mentions.js';
import { usePresence } from '../../live/usePresence.js';
import { useTypingNames } from '../../live/useTypingNames.js';
import { useTRPC } from '../../trpc/context.js';
import { Avatar } from '../../ui/Avatar.js';
import { activityLabel } from './day-label.js';
import { textOrAttachments } from './media/attachment-summary.js';
import {
  senderName,
  titleOf,
  type TConversationSummary,
  type TMessage,
} from './conversation-title.js';
import styles from './ChatListItem.module.scss';

export function ChatListItem({
  chat,
  open,
  myUserId,
}: {
  chat: TConversationSummary;
  open: boolean;
  myUserId: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const title = titleOf(chat, chat.peer);
  const unread = chat.unreadCount;
  const mentioned = hasUnreadMention(chat, useMentionSeqs(), myUserId);
  const peerId = chat.peer && chat.peer.id !== myUserId ? chat.peer.id : null;
  const online = usePresence(peerId)?.online === true;
  // The summary names only a direct chat's peer; a group's members are known once it was opened.
  const typing = typingLabel(
    useTypingNames(chat.id, (userId) => {
      if (userId === chat.peer?.id) return chat.peer.displayName;
      const conversation = queryClient.getQueryData(
        trpc.conversations.get.queryKey({ conversationId: chat.id }),
      );
      return conversation ? senderName(conversation, userId, myUserId) : 'Someone';
    }),
  );
  return (
    <li>
      <Link
        to={`/chats/${chat.id}`}
        className={styles.item}
        aria-current={open ? 'page' : undefined}
      >
        <span className={styles.avatar}>
          <Avatar src={chat.peer?.picture?.thumbnailUrl ?? null} name={title} size={44} alt="" />
          {online && <span className={styles.onlineDot} aria-hidden="true" />}
        </span>
        <span className={styles.text}>
          <span className={styles.top}>
            <span className={styles.title}>
              {title}
              {/* After the name, so the link still starts "Ann, online". */}
              {online && <span className={styles.visuallyHidden}>, online</span>}
            </span>
            <time className={styles.time} dateTime={chat.lastActivityAt}>
              {activityLabel(chat.lastActivityAt, new Date())}
            </time>
          </span>
          <span className={styles.bottom}>
            {typing ? (
              <span className={`${styles.preview} ${styles.typing}`}>{typing}</span>
            ) : (
              <span className={styles.preview}>{preview(chat.lastMessage, myUserId)}</span>
            )}
            {mentioned && (
              <span className={`${styles.badge} ${styles.mention}`} aria-label="Mentions you">
                @
              </span>
            )}
            {unread > 0 && (
              <span className={styles.badge} aria-label={`${unread} unread`}>
                {unread > 99 ? '99+' : unread}
              </span>
            )}
          </span>
        </span>
      </Link>
    </li>
  );
}

function preview(message: TMessage | null, myUserId: string): string {
  if (!message) return 'No messages yet';
  const text = message.deletedAt ? 'Message deleted' : (textOrAttachments(message) ?? 'Message');
  // One line: newlines would only be collapsed by the layout anyway.
  const line = text.replace(/\s+/g, ' ');
  return message.senderId === myUserId ? `You: ${line}` : line;
}
