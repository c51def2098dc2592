import type { MessageRow } from './message-rows.js';
import styles from './MessageTicks.module.scss';

const TICKS = {
  sent: { marks: '✓', label: 'Sent' },
  delivered: { marks: '✓✓', label: 'Delivered' },
  read: { marks: '✓✓', label: 'Read' },
} as const;

/** Where an own message has got to: sent ✓, delivered ✓✓ (muted), read ✓✓ (highlighted). */
export function MessageTicks({
  status,
}: {
  status: Extract<MessageRow, { kind: 'message' }>['status'];
}) {
  if (status === 'sending') return <span>Sending…</span>;
  if (status !== 'sent' && status !== 'delivered' && status !== 'read') return null;
  const { marks, label } = TICKS[status];
  return (
    <span role="img" aria-label={label} title={label} className={styles[status]}>
      {marks}
    </span>
  );
}
