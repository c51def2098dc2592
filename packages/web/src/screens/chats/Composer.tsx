import { LIMITS } from '@parley/api/validation';
import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Button } from '../../ui/Button.js';
import { readDraft, saveDraft } from './drafts.js';
import styles from './Composer.module.scss';

/** Writes a message: Enter sends, Shift+Enter starts a new line; the draft survives switching chats. */
export function Composer({
  conversationId,
  onSend,
}: {
  conversationId: string;
  onSend(text: string): void;
}) {
  const id = useId();
  const [text, setText] = useState(() => readDraft(conversationId));
  const length = [...text].length;
  const tooLong = length > LIMITS.messageMax;

  const change = (value: string) => {
    setText(value);
    saveDraft(conversationId, value);
  };
  const send = (event?: FormEvent) => {
    event?.preventDefault();
    if (!text.trim() || tooLong) return;
    onSend(text);
    change('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // While an input method is composing, Enter confirms the composition instead.
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) send(event);
  };

  return (
    <form className={styles.composer} onSubmit={send}>
      <label htmlFor={id} className={styles.label}>
        Message
      </label>
      <textarea
        id={id}
        className={styles.input}
        rows={1}
        value={text}
        placeholder="Write a message"
        onChange={(event) => change(event.target.value)}
        onKeyDown={onKeyDown}
        aria-invalid={tooLong || undefined}
        aria-describedby={tooLong ? `${id}-error` : undefined}
      />
      <Button type="submit" variant="primary">
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
