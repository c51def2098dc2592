import { useState, type LiHTMLAttributes, type Ref } from 'react';
import { timeLabel } from './day-label.js';
import type { TMessage } from './conversation-title.js';
import { DeleteMessageDialog } from './DeleteMessageDialog.js';
import { EditMessageForm } from './EditMessageForm.js';
import { MessageAttachments } from './media/MessageAttachments.js';
import { MessageActions } from './MessageActions.js';
import { MessageReactions } from './MessageReactions.js';
import type { MessageRow } from './message-rows.js';
import { MessageText } from './MessageText.js';
import { MessageTicks } from './MessageTicks.js';
import { VoiceAttachments } from './voice/VoiceAttachments.js';
import type { MessageChanges } from './useMessageChanges.js';
import type { PendingMessage } from './useMessageSender.js';
import styles from './MessageItem.module.scss';

type Row = Extract<MessageRow, { kind: 'message' }>;
/** What the virtualised list puts on each row (measuring, position, focus for a jump). */
export type ListItemProps = LiHTMLAttributes<HTMLLIElement> & { ref: Ref<HTMLLIElement> };

export function MessageItem({
  listItem,
  row,
  myUserId,
  nameOf,
  changes,
  onReply,
  onRetry,
  onShowQuoted,
}: {
  listItem: ListItemProps;
  row: Row;
  myUserId: string;
  nameOf(userId: string): string;
  changes: MessageChanges;
  onReply(message: TMessage): void;
  onRetry(p: PendingMessage): void;
  onShowQuoted(messageId: string): void;
}) {
  const { message, pending, status } = row;
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  // Only what the server holds and is not deleted can be answered, changed or reacted to.
  const live = message && !message.deletedAt ? message : null;
  const react = (emoji: string) => {
    if (!live) return;
    setProblem(null);
    changes.react(live, emoji).catch(() => setProblem('The reaction did not go through.'));
  };

  return (
    <li
      {...listItem}
      className={`${styles.item} ${row.own ? styles.own : styles.theirs}`}
      aria-busy={status === 'sending' || undefined}
      data-status={status ?? undefined}
    >
      {row.senderName && <span className={styles.sender}>{row.senderName}</span>}
      <div
        className={`${styles.bubble} ${pending ? (pending.failed ? styles.unsent : styles.sending) : ''}`}
      >
        {row.replyTo && (
          <blockquote className={styles.quote}>
            <button
              type="button"
              className={styles.quoteButton}
              title="Show this message"
              onClick={() => onShowQuoted(row.replyTo!.id)}
            >
              <span className={styles.quoteSender}>{row.replyTo.senderName}</span>
              <span className={styles.quoteText}>{row.replyTo.text}</span>
            </button>
          </blockquote>
        )}
        {!message?.deletedAt && (
          <MessageAttachments
            attachments={message?.attachments ?? []}
            sending={pending?.attachments ?? []}
          />
        )}
        <VoiceAttachments
          message={live}
          sending={pending?.attachments ?? []}
          senderName={nameOf(message?.senderId ?? myUserId)}
        />
        {editing && live && live.text !== null ? (
          <EditMessageForm
            initialText={live.text}
            onSave={async (text) => {
              await changes.edit(live, text);
              setEditing(false);
            }}
            onCancel={() => setEditing(false)}
          />
        ) : row.text !== null ? (
          <MessageText text={row.text} mentions={row.mentionNames} />
        ) : (
          <em className={styles.gone}>
            {message?.deletedAt ? 'Message deleted' : 'This message cannot be shown'}
          </em>
        )}
        <span className={styles.meta}>
          {message?.editedAt && !message.deletedAt && <span>edited</span>}
          <time dateTime={row.createdAt}>{timeLabel(row.createdAt)}</time>
          <MessageTicks status={status} />
        </span>
      </div>
      {live && (
        <MessageReactions
          reactions={live.reactions}
          myUserId={myUserId}
          nameOf={nameOf}
          onToggle={react}
        />
      )}
      {live && !editing && (
        <MessageActions
          side={row.own ? 'end' : 'start'}
          canEdit={row.own && live.text !== null}
          canDelete={row.own}
          onReply={() => onReply(live)}
          onEdit={() => setEditing(true)}
          onDelete={() => setDeleting(true)}
          onReact={react}
        />
      )}
      {problem && (
        <span role="alert" className={styles.failed}>
          {problem}
        </span>
      )}
      {deleting && live && (
        <DeleteMessageDialog
          onDelete={() => changes.remove(live)}
          onClose={() => setDeleting(false)}
        />
      )}
      {pending?.failed && (
        <span className={styles.failed}>
          Not sent.{' '}
          <button type="button" className={styles.retry} onClick={() => onRetry(pending)}>
            Retry
          </button>
        </span>
      )}
    </li>
  );
}
