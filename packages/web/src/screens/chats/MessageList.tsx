import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useEffectEvent, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { senderName, type TConversation, type TMessage } from './conversation-title.js';
import { messageRows } from './message-rows.js';
import { MessageItem } from './MessageItem.js';
import type { useConversationMessages } from './useConversationMessages.js';
import { useJumpToMessage } from './useJumpToMessage.js';
import type { MessageChanges } from './useMessageChanges.js';
import type { PendingMessage } from './useMessageSender.js';
import styles from './MessageList.module.scss';

/** Within this many pixels of the end, the list follows new messages. */
const FOLLOW_PX = 120;
/** Within this many pixels of either end of what is loaded, the next page loads. */
const LOAD_PX = 1500;
/** Space above the first row and below the last (the scroller pads only at the sides). */
const EDGE_PX = 16;

/**
 * The conversation's messages, virtualised: only the rows in and near view are in the DOM, so a
 * history of any length scrolls smoothly. The end is the anchor (TanStack Virtual's chat mode):
 * older pages load above without moving what is in view, and new messages are followed while the
 * view is at the end.
 */
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
  const hasOlder = history.hasNextPage;
  const rows = useMemo(
    () => messageRows(history.messages, pending, conversation, myUserId, new Date(), hasOlder),
    [history.messages, pending, conversation, myUserId, hasOlder],
  );
  const scroller = useRef<HTMLDivElement>(null);
  /** The window stops short of the latest message (after a jump, or pages dropped): no following. */
  const detached = history.hasPreviousPage;
  // The app does not use the React Compiler, which is what this rule protects.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: (index) => (rows[index]?.kind === 'day' ? 44 : 64),
    getItemKey: (index) => rows[index]?.key ?? index,
    anchorTo: 'end',
    followOnAppend: !detached,
    scrollEndThreshold: FOLLOW_PX,
    paddingStart: EDGE_PX,
    paddingEnd: EDGE_PX,
    overscan: 6,
  });
  const jump = useJumpToMessage(history, rows, virtualizer, scroller);

  // Opened (or back to the latest): start at the end. Loading more waits until the view is there:
  // the scroll lands a frame or more later, and until then the view reads as being at the top.
  const opening = useRef<'closed' | 'scrolling' | 'open'>('closed');
  useLayoutEffect(() => {
    if (opening.current !== 'closed' || !history.isSuccess || rows.length === 0) return;
    opening.current = 'scrolling';
    virtualizer.scrollToEnd();
  }, [history.isSuccess, rows.length, virtualizer]);

  const following = useRef(true);
  const [atEnd, setAtEnd] = useState(true);
  const loadNearEdges = () => {
    const el = scroller.current;
    if (!el || opening.current === 'closed') return;
    const fromEnd = el.scrollHeight - el.scrollTop - el.clientHeight;
    if (opening.current === 'scrolling') {
      // Not there yet, or the rows are not laid out yet (an empty scroller is "at the end" too).
      if (fromEnd >= FOLLOW_PX || el.scrollHeight + 1 < virtualizer.getTotalSize()) return;
      opening.current = 'open';
    }
    following.current = fromEnd < FOLLOW_PX;
    setAtEnd(following.current && !detached);
    // One page at a time: a second fetch would cancel the one in flight.
    if (history.isFetching) return;
    if (el.scrollTop < LOAD_PX && history.hasNextPage) void history.fetchNextPage();
    else if (fromEnd < LOAD_PX && history.hasPreviousPage) void history.fetchPreviousPage();
  };
  // A page that arrived may still leave the view near an edge (a short page, a fast fling).
  const onFetched = useEffectEvent(loadNearEdges);
  useEffect(() => {
    if (!history.isFetching) onFetched();
  }, [history.isFetching]);

  const showLatest = () => {
    following.current = true;
    if (!detached) return virtualizer.scrollToEnd();
    opening.current = 'closed'; // and opened again, at the end, when the latest page is in
    void history.showLatest();
  };
  // Sending from here shows the message: at the end, or with the latest page if far up the history.
  const pendingCount = useRef(pending.length);
  useLayoutEffect(() => {
    const sentOne = pending.length > pendingCount.current;
    pendingCount.current = pending.length;
    if (sentOne) showLatest();
  });

  // A resized pane (rotated phone, narrower window, growing composer) keeps the end in view.
  useEffect(() => {
    const el = scroller.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (following.current && opening.current !== 'closed') virtualizer.scrollToEnd();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [virtualizer]);

  const items = virtualizer.getVirtualItems();
  const first = items[0];
  const last = items.at(-1);
  return (
    <div className={styles.pane}>
      <div ref={scroller} className={styles.scroller} onScroll={loadNearEdges}>
        <ul
          aria-label="Messages"
          className={styles.list}
          style={{
            paddingTop: first?.start ?? 0,
            paddingBottom: last ? virtualizer.getTotalSize() - last.end : 0,
          }}
        >
          {items.map(({ index }) => {
            const row = rows[index]!;
            const listItem = {
              ref: virtualizer.measureElement,
              'data-index': index,
              ...(row.kind === 'message' && row.message?.id === jump.target
                ? { 'data-jump-target': true, tabIndex: -1 }
                : {}),
            };
            return row.kind === 'day' ? (
              <li
                key={row.key}
                {...listItem}
                role="separator"
                aria-label={row.label}
                className={styles.day}
              >
                <span>{row.label}</span>
              </li>
            ) : (
              <MessageItem
                key={row.key}
                listItem={listItem}
                row={row}
                myUserId={myUserId}
                nameOf={nameOf}
                changes={changes}
                onReply={onReply}
                onRetry={onRetry}
                onShowQuoted={jump.to}
              />
            );
          })}
        </ul>
      </div>
      {history.isPending && <p className={styles.note}>Loading messages…</p>}
      {history.isSuccess && rows.length === 0 && (
        <p className={styles.note}>No messages yet. Say hello!</p>
      )}
      {(history.isFetchingNextPage || history.isFetchingPreviousPage || jump.busy) && (
        <p role="status" className={styles.loading}>
          Loading messages…
        </p>
      )}
      {jump.problem && (
        <p role="alert" className={styles.loading}>
          {jump.problem}
        </p>
      )}
      {!atEnd && (
        <button type="button" className={styles.latest} onClick={showLatest}>
          Latest messages
        </button>
      )}
    </div>
  );
}
