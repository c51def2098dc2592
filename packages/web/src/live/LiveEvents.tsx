import { useConnectionLost } from './useConnectionLost.js';
import { useLiveEvents } from './useLiveEvents.js';
import styles from './LiveEvents.module.scss';

/** Keeps the signed-in app live and says so when the connection is down. */
export function LiveEvents() {
  const failed = useLiveEvents();
  const lost = useConnectionLost() || failed;
  // The live region is always there, so screen readers announce the banner when it appears.
  return (
    <div role="status" className={styles.region}>
      {lost && <p className={styles.banner}>Offline — reconnecting…</p>}
    </div>
  );
}
