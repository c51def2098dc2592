import { Avatar } from '../../ui/Avatar.js';
import type { TPublicUser } from './conversation-title.js';
import styles from './PersonButton.module.scss';

/** A person in search results: picture, display name and @username, as one button. */
export function PersonButton({
  person,
  busy,
  onClick,
}: {
  person: TPublicUser;
  busy: boolean;
  onClick(): void;
}) {
  return (
    <button
      type="button"
      className={styles.person}
      aria-busy={busy || undefined}
      onClick={busy ? undefined : onClick}
    >
      <Avatar
        src={person.picture?.thumbnailUrl ?? null}
        name={person.displayName}
        size={36}
        alt=""
      />
      <span className={styles.names}>
        <span className={styles.name}>{person.displayName}</span>
        <span className={styles.username}>@{person.username}</span>
      </span>
    </button>
  );
}
