import { typingLabel } from '../../live/typing.js';
import { useTypingNames } from '../../live/useTypingNames.js';
import { senderName, type TConversation } from './conversation-title.js';
import styles from './TypingIndicator.module.scss';

/** "Ann is typing…" under the messages; the live region stays, so each change is announced. */
export function TypingIndicator({
  conversation,
  myUserId,
}: {
  conversation: TConversation;
  myUserId: string;
}) {
  const names = useTypingNames(conversation.id, (userId) =>
    senderName(conversation, userId, myUserId),
  );
  return (
    <p role="status" className={styles.typing}>
      {typingLabel(names)}
    </p>
  );
}
