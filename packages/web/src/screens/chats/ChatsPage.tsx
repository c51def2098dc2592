import { Link } from 'react-router';
import { ChatsIcon } from '../../ui/icons.js';
import { Page } from '../../ui/Page.js';
import styles from './ChatsPage.module.scss';

/** Where the chat list goes; conversations arrive with the messaging issue. */
export function ChatsPage() {
  return (
    <Page title="Chats">
      <div className={styles.empty}>
        <span className={styles.icon}>
          <ChatsIcon />
        </span>
        <h2 className={styles.heading}>No conversations yet</h2>
        <p className={styles.text}>
          Messaging is not part of this version of Parley yet. Meanwhile, set up your profile so
          people recognise you when it arrives.
        </p>
        <Link to="/profile" className={styles.link}>
          Edit your profile
        </Link>
      </div>
    </Page>
  );
}
