import type { TAttachmentView } from './attachment-types.js';
import styles from './VideoAttachment.module.scss';

/**
 * A video streamed from its ticketed URL: the browser fetches only what it plays, seeking with Range
 * requests, and shows the poster frame the sender's browser drew until it starts.
 */
export function VideoAttachment({ video }: { video: TAttachmentView }) {
  const ratio = video.width && video.height ? `${video.width} / ${video.height}` : '16 / 9';
  return (
    <video
      className={styles.video}
      style={{ aspectRatio: ratio }}
      src={video.url}
      poster={video.thumbnailUrl}
      controls
      preload="metadata"
      playsInline
      aria-label={video.name}
      title={video.name}
    />
  );
}
