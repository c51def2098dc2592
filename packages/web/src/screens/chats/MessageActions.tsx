import { useRef, useState } from 'react';
import styles from './MessageActions.module.scss';

/** The quick reactions offered by React (any emoji is accepted by the API). */
export const QUICK_REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🙏'] as const;

/**
 * What can be done with a message: Reply, React (a few quick emoji), and for one's own, Edit and
 * Delete. Plain buttons in the tab order; shown on hover or focus where there is a pointer.
 */
export function MessageActions({
  side,
  canEdit,
  canDelete,
  onReply,
  onEdit,
  onDelete,
  onReact,
}: {
  /** The side of the list the message sits on: the toolbar lines up with it. */
  side: 'start' | 'end';
  canEdit: boolean;
  canDelete: boolean;
  onReply(): void;
  onEdit(): void;
  onDelete(): void;
  onReact(emoji: string): void;
}) {
  const [picking, setPicking] = useState(false);
  const reactButton = useRef<HTMLButtonElement>(null);
  const closePicker = () => {
    setPicking(false);
    reactButton.current?.focus();
  };
  return (
    <div
      role="group"
      aria-label="Message actions"
      className={`${styles.actions} ${styles[side]} ${picking ? styles.open : ''}`}
    >
      <button type="button" className={styles.action} onClick={onReply}>
        Reply
      </button>
      <button
        ref={reactButton}
        type="button"
        className={styles.action}
        aria-expanded={picking}
        onClick={() => setPicking((open) => !open)}
      >
        React
      </button>
      {canEdit && (
        <button type="button" className={styles.action} onClick={onEdit}>
          Edit
        </button>
      )}
      {canDelete && (
        <button type="button" className={styles.action} onClick={onDelete}>
          Delete
        </button>
      )}
      {picking && (
        <div
          role="group"
          aria-label="Quick reactions"
          className={styles.picker}
          onKeyDown={(event) => {
            if (event.key === 'Escape') closePicker();
          }}
        >
          {QUICK_REACTIONS.map((emoji, index) => (
            <button
              key={emoji}
              type="button"
              className={styles.emoji}
              aria-label={`React with ${emoji}`}
              // The picker opens from a click or a key press: put focus on its first choice.
              autoFocus={index === 0}
              onClick={() => {
                onReact(emoji);
                closePicker();
              }}
            >
              {emoji}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
