import { useRef } from 'react';
import { Button } from '../../../ui/Button.js';
import { AttachIcon } from '../../../ui/icons.js';
import styles from './AttachButton.module.scss';

/** Opens the file picker; the chosen files go to the tray. */
export function AttachButton({ onFiles }: { onFiles(files: File[]): void }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <Button
        variant="ghost"
        className={styles.attach}
        aria-label="Attach"
        title="Attach files"
        onClick={() => input.current?.click()}
      >
        <AttachIcon />
      </Button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        tabIndex={-1}
        onChange={(event) => {
          onFiles([...(event.target.files ?? [])]);
          event.target.value = ''; // choosing the same file again still fires a change
        }}
      />
    </>
  );
}
