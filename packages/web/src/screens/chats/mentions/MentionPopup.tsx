import { Avatar } from '../../../ui/Avatar.js';
import type { TPublicUser } from '../conversation-title.js';
import styles from './MentionPopup.module.scss';

/** The members that match an `@…` being typed; the Message field keeps focus (active descendant). */
export function MentionPopup({
  id,
  options,
  active,
  pick,
}: {
  id: string;
  options: TPublicUser[];
  active: number;
  pick(member: TPublicUser): void;
}) {
  return (
    <ul id={id} role="listbox" aria-label="Mention someone" className={styles.popup}>
      {options.map((member, index) => (
        <li
          key={member.id}
          id={`${id}-${index}`}
          role="option"
          aria-selected={index === active}
          className={styles.option}
          // Before the field's blur, which would close the list.
          onMouseDown={(event) => {
            event.preventDefault();
            pick(member);
          }}
        >
          <span aria-hidden="true">
            <Avatar
              src={member.picture?.thumbnailUrl ?? null}
              name={member.displayName}
              size={28}
              alt=""
            />
          </span>
          <span className={styles.name}>{member.displayName}</span>
          <span className={styles.username}>@{member.username}</span>
        </li>
      ))}
    </ul>
  );
}
