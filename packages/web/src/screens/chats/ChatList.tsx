import { useQuery } from '@tanstack/react-query';
import { useMyUserId } from '../../app/services-context.js';
import { describeApiError } from '../../errors/api-error.js';
import { useTRPC } from '../../trpc/context.js';
import { Notice } from '../../ui/Notice.js';
import { ChatListItem } from './ChatListItem.js';
import styles from './ChatList.module.scss';

/** The person's conversations, latest activity first. */
export function ChatList({ openId }: { openId: string | null }) {
  const trpc = useTRPC();
  const myUserId = useMyUserId();
  const list = useQuery(trpc.conversations.list.queryOptions());

  if (list.isPending) return <p className={styles.note}>Loading chats…</p>;
  if (list.isError) {
    return (
      <div className={styles.note}>
        <Notice tone="error">{describeApiError(list.error).form}</Notice>
      </div>
    );
  }
  const chats = list.data.toSorted(
    (a, b) => Date.parse(b.lastActivityAt) - Date.parse(a.lastActivityAt),
  );
  return (
    <>
      <ul aria-label="Chats" className={styles.list}>
        {chats.map((chat) => (
          <ChatListItem key={chat.id} chat={chat} open={chat.id === openId} myUserId={myUserId} />
        ))}
      </ul>
      {chats.length === 0 && (
        <p className={styles.note}>No conversations yet. Start one with New chat.</p>
      )}
    </>
  );
}
