import { LIMITS } from '@parley/api/validation';
import { useId, useState, type FormEvent } from 'react';
import { describeApiError } from '../../errors/api-error.js';
import { Button } from '../../ui/Button.js';
import styles from './EditMessageForm.module.scss';

/** Edits a message in place: Enter saves, Shift+Enter starts a new line, Escape cancels. */
export function EditMessageForm({
  initialText,
  onSave,
  onCancel,
}: {
  initialText: string;
  onSave(text: string): Promise<void>;
  onCancel(): void;
}) {
  const id = useId();
  const [text, setText] = useState(initialText);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const save = async (event?: FormEvent) => {
    event?.preventDefault();
    if (saving) return;
    if (!text.trim()) return setError('The edited message is empty: write something, or Delete.');
    if ([...text].length > LIMITS.messageMax) {
      return setError(
        `A message can be at most ${LIMITS.messageMax.toLocaleString('en')} characters.`,
      );
    }
    if (text === initialText) return onCancel();
    setSaving(true);
    try {
      await onSave(text);
    } catch (failure) {
      const view = describeApiError(failure, ['text']);
      setError(view.fields.text ?? view.form);
      setSaving(false);
    }
  };

  return (
    <form className={styles.form} onSubmit={(event) => void save(event)}>
      <label htmlFor={id} className={styles.label}>
        Edit message
      </label>
      <textarea
        id={id}
        className={styles.input}
        value={text}
        // Opened by the Edit button: typing goes straight into it.
        autoFocus
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') onCancel();
          if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
            void save(event);
          }
        }}
        aria-invalid={error !== null || undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error && (
        <p id={`${id}-error`} role="alert" className={styles.error}>
          {error}
        </p>
      )}
      <div className={styles.buttons}>
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" busy={saving}>
          Save
        </Button>
      </div>
    </form>
  );
}
