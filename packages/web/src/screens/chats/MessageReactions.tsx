import type { TMessage } from './conversation-title.js';
import styles from './MessageReactions.module.scss';

/** The reactions under a message with their counts; pressing one adds or takes back one's own. */
export function MessageReactions({
  reactions,
  myUserId,
  nameOf,
  onToggle,
}: {
  reactions: TMessage['reactions'];
  myUserId: string;
  nameOf(userId: string): string;
  onToggle(emoji: string): void;
}) {
  if (reactions.length === 0) return null;
  return (
    <div role="group" aria-label="Reactions" className={styles.reactions}>
      {reactions.map(({ emoji, userIds }) => (
        <button
          key={emoji}
          type="button"
          className={styles.reaction}
          aria-pressed={userIds.includes(myUserId)}
          title={userIds.map(nameOf).join(', ')}
          onClick={() => onToggle(emoji)}
        >
          {emoji} {userIds.length}
        </button>
      ))}
    </div>
  );
}
