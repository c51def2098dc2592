import { useId } from 'react';
import type { TAttachmentView } from './attachment-types.js';
import { FileSummary } from './FileSummary.js';
import { downloadUrl } from './media-url.js';
import styles from './FileCard.module.scss';

/** A sent file: what it is, and a link that downloads it (never opened in the app's origin). */
export function FileCard({ file }: { file: TAttachmentView }) {
  const nameId = useId();
  return (
    <div className={styles.card}>
      <FileSummary name={file.name} mediaType={file.mediaType} size={file.size} nameId={nameId} />
      <a
        className={styles.download}
        href={downloadUrl(file.url)}
        download
        aria-describedby={nameId}
      >
        Download
      </a>
    </div>
  );
}
