import { timeLabel } from './day-label.js';
import type { MessageRow } from './message-rows.js';
import { MessageText } from './MessageText.js';
import type { PendingMessage } from './useMessageSender.js';
import styles from './MessageItem.module.scss';

type Row = Extract<MessageRow, { kind: 'message' }>;

export function MessageItem({ row, onRetry }: { row: Row; onRetry(p: PendingMessage): void }) {
  const { message, pending, status } = row;
  return (
    <li
      className={`${styles.item} ${row.own ? styles.own : styles.theirs}`}
      aria-busy={status === 'sending' || undefined}
      data-status={status ?? undefined}
    >
      {row.senderName && <span className={styles.sender}>{row.senderName}</span>}
      <div
        className={`${styles.bubble} ${pending ? (pending.failed ? styles.unsent : styles.sending) : ''}`}
      >
        {row.text !== null ? (
          <MessageText text={row.text} />
        ) : (
          <em className={styles.gone}>
            {message?.deletedAt ? 'Message deleted' : 'This message cannot be shown'}
          </em>
        )}
        <span className={styles.meta}>
          {message?.editedAt && !message.deletedAt && <span>edited</span>}
          <time dateTime={row.createdAt}>{timeLabel(row.createdAt)}</time>
          {status === 'sending' && <span>Sending…</span>}
          {status === 'sent' && (
            <span role="img" aria-label="Sent" title="Sent">
              ✓
            </span>
          )}
          {status === 'read' && (
            <span role="img" aria-label="Read" title="Read" className={styles.read}>
              ✓✓
            </span>
          )}
        </span>
      </div>
      {pending?.failed && (
        <span className={styles.failed}>
          Not sent.{' '}
          <button type="button" className={styles.retry} onClick={() => onRetry(pending)}>
            Retry
          </button>
        </span>
      )}
    </li>
  );
}
