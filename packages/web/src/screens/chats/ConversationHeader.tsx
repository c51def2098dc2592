import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useMyUserId } from '../../app/services-context.js';
import { usePresenceLabel } from '../../live/usePresence.js';
import { Avatar } from '../../ui/Avatar.js';
import { Button } from '../../ui/Button.js';
import type { TConversation, TPublicUser } from './conversation-title.js';
import { GroupSettingsDialog } from './GroupSettingsDialog.js';
import { SafetyNumberDialog } from './SafetyNumberDialog.js';
import styles from './ConversationHeader.module.scss';

export function ConversationHeader({
  conversation,
  peer,
  title,
}: {
  conversation: TConversation;
  peer: TPublicUser | null;
  title: string;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  const myUserId = useMyUserId();
  const [open, setOpen] = useState<'group' | 'safety' | null>(null);
  // A note-to-self has no one else to be online, nor a safety number to compare.
  const other = peer && peer.id !== myUserId ? peer : null;
  const presence = usePresenceLabel(other?.id ?? null);
  // The shell focuses the page's h1 on navigation, but this one appears only once the conversation
  // has loaded: take focus then, so keyboard and screen-reader users land on what they opened.
  useEffect(() => {
    const active = document.activeElement;
    if (!active || active === document.body || active.closest('[aria-label="Chats"]')) {
      heading.current?.focus({ preventScroll: true });
    }
  }, []);
  const subtitle = peer
    ? `@${peer.username}`
    : `${conversation.members.length} member${conversation.members.length === 1 ? '' : 's'}`;
  return (
    <header className={styles.header}>
      <Link to="/" className={styles.back} aria-label="Back to chats">
        ‹
      </Link>
      <Avatar src={peer?.picture?.thumbnailUrl ?? null} name={title} size={40} alt="" />
      <div className={styles.names}>
        <h1 ref={heading} className={styles.title} tabIndex={-1}>
          {title}
        </h1>
        <p className={styles.subtitle}>{subtitle}</p>
        {presence && <p className={styles.subtitle}>{presence}</p>}
      </div>
      <div className={styles.actions}>
        {conversation.kind === 'group' && (
          <Button variant="ghost" onClick={() => setOpen('group')}>
            Group settings
          </Button>
        )}
        {other && (
          <Button variant="ghost" onClick={() => setOpen('safety')}>
            Verify safety number
          </Button>
        )}
      </div>
      {open === 'group' && (
        <GroupSettingsDialog conversation={conversation} onClose={() => setOpen(null)} />
      )}
      {open === 'safety' && other && (
        <SafetyNumberDialog peer={other} onClose={() => setOpen(null)} />
      )}
    </header>
  );
}
