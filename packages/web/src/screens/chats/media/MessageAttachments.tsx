import type { TAttachment, TAttachmentView } from './attachment-types.js';
import { FileCard } from './FileCard.js';
import { ImageAlbum } from './ImageAlbum.js';
import { VideoAttachment } from './VideoAttachment.js';
import styles from './MessageAttachments.module.scss';

/**
 * A message's images (one grid), videos and files, above its caption. Voice messages have their own
 * player (../voice) and are left out here.
 */
export function MessageAttachments({
  attachments,
  sending,
}: {
  attachments: readonly TAttachmentView[];
  /** Of a message still on its way: its descriptors, shown as a count until the server copy comes. */
  sending: readonly TAttachment[];
}) {
  const images = attachments.filter((a) => a.kind === 'image');
  const videos = attachments.filter((a) => a.kind === 'video');
  const files = attachments.filter((a) => a.kind === 'file');
  const pending = sending.filter((a) => a.kind !== 'voice').length;
  if (images.length + videos.length + files.length + pending === 0) return null;
  return (
    <div className={styles.attachments}>
      {images.length > 0 && <ImageAlbum images={images} />}
      {videos.map((video) => (
        <VideoAttachment key={video.id} video={video} />
      ))}
      {files.map((file) => (
        <FileCard key={file.id} file={file} />
      ))}
      {pending > 0 && (
        <span className={styles.sending}>
          {pending === 1 ? '1 attachment' : `${pending} attachments`}
        </span>
      )}
    </div>
  );
}
