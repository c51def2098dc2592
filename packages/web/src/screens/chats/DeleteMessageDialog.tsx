import { useState } from 'react';
import { describeApiError } from '../../errors/api-error.js';
import { Button } from '../../ui/Button.js';
import { Dialog } from '../../ui/Dialog.js';
import { Notice } from '../../ui/Notice.js';
import styles from './DeleteMessageDialog.module.scss';

/** Asks before deleting a message for everyone: it cannot be undone. */
export function DeleteMessageDialog({
  onDelete,
  onClose,
}: {
  onDelete(): Promise<void>;
  onClose(): void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  const confirm = async () => {
    setDeleting(true);
    try {
      await onDelete();
      onClose();
    } catch (failure) {
      setError(describeApiError(failure).form);
      setDeleting(false);
    }
  };
  return (
    <Dialog title="Delete message?" onClose={onClose}>
      {error && <Notice tone="error">{error}</Notice>}
      <p>It will be deleted for everyone in this chat. This cannot be undone.</p>
      <div className={styles.buttons}>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="danger" busy={deleting} onClick={() => void confirm()}>
          Delete for everyone
        </Button>
      </div>
    </Dialog>
  );
}
