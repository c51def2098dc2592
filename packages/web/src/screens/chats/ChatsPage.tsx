import { useState } from 'react';
import { Outlet, useMatch } from 'react-router';
import { Button } from '../../ui/Button.js';
import { ChatList } from './ChatList.js';
import styles from './ChatsPage.module.scss';
import { NewChatDialog } from './NewChatDialog.js';
import { NewGroupDialog } from './NewGroupDialog.js';

/**
 * The chat list beside the open conversation (the outlet). On a phone-sized screen they are two
 * screens: the list at `/`, the conversation at `/chats/:id`.
 */
export function ChatsPage() {
  const open = useMatch('/chats/:conversationId')?.params.conversationId ?? null;
  // The page's one h1 is what the person is looking at (the shell focuses it on navigation).
  const Heading = open ? 'h2' : 'h1';
  const [dialog, setDialog] = useState<'chat' | 'group' | null>(null);
  const close = () => setDialog(null);
  return (
    <div className={styles.chats} data-open={open ? 'conversation' : 'list'}>
      {!open && <title>Chats · Parley</title>}
      <section className={styles.listPane} aria-labelledby="chats-heading">
        <header className={styles.listHeader}>
          <Heading id="chats-heading" className={styles.heading} tabIndex={-1}>
            Chats
          </Heading>
          <div className={styles.actions}>
            <Button variant="secondary" onClick={() => setDialog('group')}>
              New group
            </Button>
            <Button variant="primary" onClick={() => setDialog('chat')}>
              New chat
            </Button>
          </div>
        </header>
        <ChatList openId={open} />
      </section>
      <div className={styles.conversationPane}>
        <Outlet />
      </div>
      {dialog === 'chat' && <NewChatDialog onClose={close} />}
      {dialog === 'group' && <NewGroupDialog onClose={close} />}
    </div>
  );
}
