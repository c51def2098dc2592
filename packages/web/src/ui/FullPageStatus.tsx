import type { ReactNode } from 'react';
import styles from './FullPageStatus.module.scss';

/** Whole-page wait (start-up, reconnecting), announced politely. */
export function FullPageStatus({ children }: { children: ReactNode }) {
  return (
    <div className={styles.page}>
      <p role="status" className={styles.message}>
        <span className={styles.spinner} aria-hidden="true" />
        {children}
      </p>
    </div>
  );
}
