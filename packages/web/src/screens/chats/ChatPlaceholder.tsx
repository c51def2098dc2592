import { ChatsIcon } from '../../ui/icons.js';
import styles from './ChatPlaceholder.module.scss';

/** The conversation pane before one is chosen (desktop only; phones show the list instead). */
export function ChatPlaceholder() {
  return (
    <div className={styles.placeholder}>
      <span className={styles.icon}>
        <ChatsIcon />
      </span>
      <p className={styles.text}>Pick a conversation, or start one with New chat.</p>
    </div>
  );
}
