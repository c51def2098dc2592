import type { ReactNode } from 'react';
import styles from './Notice.module.scss';

/**
 * A message about a whole form or page. Errors are alerts, announced as they appear; an info
 * notice is part of the page as it loads. Results that come later belong in a StatusNotice.
 */
export function Notice({ tone, children }: { tone: 'error' | 'info'; children: ReactNode }) {
  return (
    <p role={tone === 'error' ? 'alert' : undefined} className={`${styles.notice} ${styles[tone]}`}>
      {children}
    </p>
  );
}

/**
 * The outcome of an action ("Profile saved."). The live region is always rendered so screen
 * readers announce the message when it appears, which they do not for a region added with it.
 */
export function StatusNotice({ message }: { message: string | null }) {
  return (
    <div role="status" className={styles.region}>
      {message && <p className={`${styles.notice} ${styles.success}`}>{message}</p>}
    </div>
  );
}
