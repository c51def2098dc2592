import { LIMITS } from '@parley/api/validation';
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Button } from '../../ui/Button.js';
import { readDraft, saveDraft } from './drafts.js';
import type { AttachmentDraft } from './media/attachment-draft.js';
import type { TAttachment } from './media/attachment-types.js';
import { AttachButton } from './media/AttachButton.js';
import { AttachmentTray } from './media/AttachmentTray.js';
import { attachPastedFiles } from './media/paste-files.js';
import { attachmentsToSend } from './media/tray-state.js';
import { useTray } from './media/useAttachmentDraft.js';
import { MentionPopup } from './mentions/MentionPopup.js';
import { useMentionPicker } from './mentions/useMentionPicker.js';
import type { TPublicUser } from './conversation-title.js';
import { VoiceRecorder } from './voice/VoiceRecorder.js';
import styles from './Composer.module.scss';

/** What a reply being written quotes. */
export interface ReplyQuote {
  id: string;
  senderName: string;
  text: string;
}

/**
 * Writes a message: Enter sends, Shift+Enter starts a new line; the draft survives switching chats.
 * A reply shows the message it answers above the field until sent or cancelled. Attachments wait in
 * the tray above the field (the text is their caption); Send waits until they are all uploaded.
 */
export function Composer({
  conversationId,
  replyTo,
  onCancelReply,
  onTyping,
  onSend,
  attachments,
  mentionable,
}: {
  conversationId: string;
  replyTo: ReplyQuote | null;
  onCancelReply(): void;
  onTyping(): void;
  onSend(text: string, attachments: TAttachment[], mentions?: string[]): void;
  attachments: AttachmentDraft;
  /** Who `@` offers (a group's other members; nobody in a direct chat). */
  mentionable: TPublicUser[];
}) {
  const id = useId();
  const input = useRef<HTMLTextAreaElement>(null);
  // Reply was pressed on a message: writing the answer is next.
  useEffect(() => {
    if (replyTo) input.current?.focus();
  }, [replyTo]);
  const [text, setText] = useState(() => readDraft(conversationId));
  const length = [...text].length;
  const tooLong = length > LIMITS.messageMax;
  const tray = useTray(attachments);
  const files = attachmentsToSend(tray);

  const change = (value: string) => {
    setText(value);
    saveDraft(conversationId, value);
  };
  const mention = useMentionPicker(mentionable, text, change, input);
  const type = (value: string) => {
    change(value);
    if (value.trim()) onTyping();
  };
  const send = (event?: FormEvent) => {
    event?.preventDefault();
    if (tooLong || files === null || (!text.trim() && files.length === 0)) return;
    onSend(text, files, mention.mentions());
    mention.sent();
    if (files.length > 0) attachments.clear();
    change('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (mention.onKeyDown(event)) return;
    // While an input method is composing, Enter confirms the composition instead.
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) send(event);
    if (event.key === 'Escape' && replyTo) onCancelReply();
  };

  return (
    <form className={styles.composer} onSubmit={send}>
      {replyTo && (
        <div className={styles.reply}>
          <blockquote className={styles.quote} aria-label={`Replying to ${replyTo.senderName}`}>
            <span className={styles.quoteSender}>{replyTo.senderName}</span>
            <span className={styles.quoteText}>{replyTo.text}</span>
          </blockquote>
          <button type="button" className={styles.cancel} onClick={onCancelReply}>
            Cancel reply
          </button>
        </div>
      )}
      {mention.popup && <MentionPopup {...mention.popup} />}
      <AttachmentTray draft={attachments} />
      <AttachButton onFiles={attachments.add} />
      <label htmlFor={id} className={styles.label}>
        Message
      </label>
      <textarea
        ref={input}
        id={id}
        className={styles.input}
        rows={1}
        value={text}
        placeholder={tray.items.length > 0 ? 'Add a caption' : 'Write a message'}
        onChange={(event) => {
          type(event.target.value);
          mention.follow(event.target.value, event.target.selectionStart);
        }}
        onBlur={mention.close}
        {...mention.fieldProps}
        onKeyDown={onKeyDown}
        onPaste={(event) => attachPastedFiles(event, attachments.add)}
        aria-invalid={tooLong || undefined}
        aria-describedby={tooLong ? `${id}-error` : undefined}
      />
      <VoiceRecorder conversationId={conversationId} onSend={(voice) => onSend('', [voice])} />
      <Button type="submit" variant="primary" disabled={files === null}>
        Send
      </Button>
      {tooLong && (
        <p id={`${id}-error`} className={styles.error} role="alert">
          A message can be at most {LIMITS.messageMax.toLocaleString('en')} characters ({length}).
        </p>
      )}
    </form>
  );
}
