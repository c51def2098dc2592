import { useState, type CSSProperties } from 'react';
import type { TAttachmentView } from './attachment-types.js';
import { BlurImage } from './BlurImage.js';
import { Lightbox } from './Lightbox.js';
import styles from './ImageAlbum.module.scss';

/** One image keeps its shape (within 1:2 and 2:1); an album is a grid of squares. */
function singleRatio(image: TAttachmentView): string {
  if (!image.width || !image.height) return '4 / 3';
  const ratio = Math.min(2, Math.max(0.5, image.width / image.height));
  return String(ratio);
}

function columnsFor(count: number): number {
  if (count === 1) return 1;
  return count === 2 || count === 4 ? 2 : 3;
}

/** The images of a message as a grid; each opens the lightbox at itself. */
export function ImageAlbum({ images }: { images: TAttachmentView[] }) {
  const [open, setOpen] = useState<number | null>(null);
  const single = images.length === 1 ? images[0] : undefined;
  const style = {
    '--columns': columnsFor(images.length),
    ...(single ? { '--ratio': singleRatio(single) } : {}),
  } as CSSProperties;
  return (
    <>
      <div
        className={`${styles.album} ${single ? styles.single : ''}`}
        style={style}
        role="group"
        aria-label={images.length === 1 ? 'Image' : `${images.length} images`}
      >
        {images.map((image, index) => (
          <button
            key={image.id}
            type="button"
            className={styles.tile}
            aria-label={`Open image ${image.name}`}
            onClick={() => setOpen(index)}
          >
            <BlurImage
              src={image.thumbnailUrl ?? image.url}
              alt={image.name}
              placeholder={image.placeholder}
            />
          </button>
        ))}
      </div>
      {open !== null && (
        <Lightbox images={images} index={open} onIndex={setOpen} onClose={() => setOpen(null)} />
      )}
    </>
  );
}
