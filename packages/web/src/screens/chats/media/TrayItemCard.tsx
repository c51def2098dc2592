import { useState } from 'react';
import { FileSummary } from './FileSummary.js';
import { percentUploaded, type TrayItem } from './tray-state.js';
import styles from './AttachmentTray.module.scss';

/** One item in the tray: its preview, how far its upload is, and Remove / Cancel / Retry. */
export function TrayItemCard({
  item,
  onRemove,
  onRetry,
}: {
  item: TrayItem;
  onRemove(): void;
  onRetry(): void;
}) {
  const name = item.file.name || item.kind;
  const busy = item.status === 'waiting' || item.status === 'uploading';
  // The browser may not show every format the API takes (HEIC in most): then it is a card.
  const [unviewable, setUnviewable] = useState(false);
  const preview = unviewable ? null : item.previewUrl;
  return (
    <li
      className={`${styles.item} ${item.kind === 'image' && preview ? styles.square : styles.wide}`}
      data-status={item.status}
    >
      {item.kind === 'image' && preview ? (
        <img
          className={styles.visual}
          src={preview}
          alt={name}
          onError={() => setUnviewable(true)}
        />
      ) : item.kind === 'video' && preview ? (
        <video
          className={styles.visual}
          src={preview}
          onError={() => setUnviewable(true)}
          controls
          muted
          playsInline
          preload="metadata"
          aria-label={name}
        />
      ) : (
        <span className={styles.card}>
          <FileSummary name={name} mediaType={item.file.type} size={item.file.size} />
        </span>
      )}
      {busy && (
        <progress
          className={styles.progress}
          max={100}
          value={percentUploaded(item)}
          aria-label={`Uploading ${name}`}
        />
      )}
      {item.status === 'failed' && (
        <span className={styles.failed}>
          <span role="alert">{item.error}</span>
          <button
            type="button"
            className={styles.retry}
            aria-label={`Retry ${name}`}
            onClick={onRetry}
          >
            Retry
          </button>
        </span>
      )}
      <button
        type="button"
        className={styles.remove}
        aria-label={busy ? `Cancel upload of ${name}` : `Remove ${name}`}
        title={busy ? 'Cancel upload' : 'Remove'}
        onClick={onRemove}
      >
        ×
      </button>
    </li>
  );
}
