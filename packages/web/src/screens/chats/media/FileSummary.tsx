import { FileIcon } from '../../../ui/icons.js';
import { formatSize } from './format-size.js';
import styles from './FileSummary.module.scss';

/** A file as text: its name, type and size (never rendered as anything but text). */
export function FileSummary({
  name,
  mediaType,
  size,
  nameId,
}: {
  name: string;
  mediaType: string;
  size: number;
  /** Lets a control (Download) point at the name that describes it. */
  nameId?: string;
}) {
  return (
    <span className={styles.summary}>
      <span className={styles.icon}>
        <FileIcon />
      </span>
      <span className={styles.text}>
        <span id={nameId} className={styles.name} title={name}>
          {name}
        </span>
        <span className={styles.details}>
          {formatSize(size)} · {mediaType || 'unknown type'}
        </span>
      </span>
    </span>
  );
}
