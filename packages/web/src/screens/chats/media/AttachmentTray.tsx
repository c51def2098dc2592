import type { AttachmentDraft } from './attachment-draft.js';
import { TrayItemCard } from './TrayItemCard.js';
import { trayStatus } from './tray-state.js';
import { useTray } from './useAttachmentDraft.js';
import styles from './AttachmentTray.module.scss';

/** What goes with the next message, shown above the field before sending. */
export function AttachmentTray({ draft }: { draft: AttachmentDraft }) {
  const tray = useTray(draft);
  if (tray.items.length === 0 && !tray.notice) return null;
  return (
    <div className={styles.tray}>
      <span className={styles.spoken} role="status">
        {trayStatus(tray)}
      </span>
      {tray.items.length > 0 && (
        <ul className={styles.items} aria-label="Attachments">
          {tray.items.map((item) => (
            <TrayItemCard
              key={item.id}
              item={item}
              onRemove={() => draft.remove(item.id)}
              onRetry={() => draft.retry(item.id)}
            />
          ))}
        </ul>
      )}
      {tray.notice && (
        <p className={styles.notice} role="status">
          {tray.notice}
        </p>
      )}
    </div>
  );
}
