import { Avatar } from '../../ui/Avatar.js';
import { Button } from '../../ui/Button.js';
import { ROLE_LABELS, type TGroupMember } from './group-permissions.js';
import styles from './GroupSettingsDialog.module.scss';

/** One member: picture, name, role, and the buttons the caller may use on them. */
export function GroupMemberRow({
  member,
  isMe,
  canRemove,
  canSetRole,
  busy,
  onRemove,
  onSetRole,
}: {
  member: TGroupMember;
  isMe: boolean;
  canRemove: boolean;
  canSetRole: boolean;
  busy: boolean;
  onRemove(): void;
  onSetRole(role: 'admin' | 'member'): void;
}) {
  const name = member.user.displayName;
  return (
    <li className={styles.member}>
      <Avatar src={member.user.picture?.thumbnailUrl ?? null} name={name} size={36} alt="" />
      <span className={styles.names}>
        <span className={styles.name}>{isMe ? `${name} (you)` : name}</span>
        <span className={styles.role}>{ROLE_LABELS[member.role]}</span>
      </span>
      {canSetRole &&
        (member.role === 'admin' ? (
          <Button variant="ghost" busy={busy} onClick={() => onSetRole('member')}>
            {`Remove ${name} as admin`}
          </Button>
        ) : (
          <Button variant="ghost" busy={busy} onClick={() => onSetRole('admin')}>
            {`Make ${name} admin`}
          </Button>
        ))}
      {canRemove && (
        <Button variant="ghost" onClick={onRemove}>
          {`Remove ${name}`}
        </Button>
      )}
    </li>
  );
}
