import { useEffect, useLayoutEffect, useRef } from 'react';
import { Button } from '../../ui/Button.js';
import { senderName, type TConversation, type TMessage } from './conversation-title.js';
import { messageRows } from './message-rows.js';
import { MessageItem } from './MessageItem.js';
import type { useConversationMessages } from './useConversationMessages.js';
import type { MessageChanges } from './useMessageChanges.js';
import type { PendingMessage } from './useMessageSender.js';
import styles from './MessageList.module.scss';

/** Within this many pixels of the end, the list follows new messages. */
const FOLLOW_PX = 120;

export function MessageList({
  conversation,
  myUserId,
  history,
  pending,
  changes,
  onReply,
  onRetry,
}: {
  conversation: TConversation;
  myUserId: string;
  history: ReturnType<typeof useConversationMessages>;
  pending: PendingMessage[];
  changes: MessageChanges;
  onReply(message: TMessage): void;
  onRetry(message: PendingMessage): void;
}) {
  const nameOf = (userId: string) => senderName(conversation, userId, myUserId);
  const rows = messageRows(history.messages, pending, conversation, myUserId, new Date());
  const scroller = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const following = useRef(true);
  /** Set while older messages load: the distance from the end to keep in place. */
  const keepFromEnd = useRef<number | null>(null);
  const pendingCount = useRef(0);

  const lastKey = rows.at(-1)?.key;
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const sentOne = pending.length > pendingCount.current;
    pendingCount.current = pending.length;
    if (keepFromEnd.current !== null) {
      el.scrollTop = el.scrollHeight - keepFromEnd.current;
      keepFromEnd.current = null;
    } else if (following.current || sentOne) {
      el.scrollTop = el.scrollHeight;
    }
  }, [rows.length, lastKey, pending.length]);

  // A resized pane (rotated phone, narrower window, growing composer) or messages that grew (a
  // reaction, an edit) keep the end in view.
  useEffect(() => {
    const el = scroller.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (following.current) el.scrollTop = el.scrollHeight;
    });
    observer.observe(el);
    if (list.current) observer.observe(list.current);
    return () => observer.disconnect();
  }, []);

  const loadOlder = () => {
    const el = scroller.current;
    if (el) keepFromEnd.current = el.scrollHeight - el.scrollTop;
    void history.fetchNextPage();
  };

  return (
    <div
      ref={scroller}
      className={styles.scroller}
      onScroll={(event) => {
        const el = event.currentTarget;
        following.current = el.scrollHeight - el.scrollTop - el.clientHeight < FOLLOW_PX;
      }}
    >
      {history.hasNextPage && (
        <div className={styles.older}>
          <Button variant="ghost" busy={history.isFetchingNextPage} onClick={loadOlder}>
            Load older
          </Button>
        </div>
      )}
      {history.isPending && <p className={styles.note}>Loading messages…</p>}
      {history.isSuccess && rows.length === 0 && (
        <p className={styles.note}>No messages yet. Say hello!</p>
      )}
      <ul ref={list} aria-label="Messages" className={styles.list}>
        {rows.map((row) =>
          row.kind === 'day' ? (
            <li key={row.key} role="separator" aria-label={row.label} className={styles.day}>
              <span>{row.label}</span>
            </li>
          ) : (
            <MessageItem
              key={row.key}
              row={row}
              myUserId={myUserId}
              nameOf={nameOf}
              changes={changes}
              onReply={onReply}
              onRetry={onRetry}
            />
          ),
        )}
      </ul>
    </div>
  );
}
