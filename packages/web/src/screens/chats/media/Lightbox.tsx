import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import type { TAttachmentView } from './attachment-types.js';
import { BlurImage } from './BlurImage.js';
import { keepTabInside } from './focus-trap.js';
import { downloadUrl } from './media-url.js';
import styles from './Lightbox.module.scss';

/**
 * An album's images full size, one at a time, in a modal <dialog>: focus stays inside, the arrow
 * keys go to the previous / next image (wrapping round), Escape closes, and focus returns to what
 * opened it.
 */
export function Lightbox({
  images,
  index,
  onIndex,
  onClose,
}: {
  images: TAttachmentView[];
  index: number;
  onIndex(index: number): void;
  onClose(): void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  // Taken at the first render, before the dialog moves focus into itself.
  const [opener] = useState(() =>
    document.activeElement instanceof HTMLElement ? document.activeElement : null,
  );
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  useEffect(() => () => opener?.focus(), [opener]);

  const count = images.length;
  const image = images[index];
  if (!image) return null;
  const go = (step: number) => onIndex((index + step + count) % count);
  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>) => {
    keepTabInside(event, ref.current);
    if (count < 2) return;
    if (event.key === 'ArrowLeft') go(-1);
    else if (event.key === 'ArrowRight') go(1);
    else return;
    event.preventDefault();
  };

  // In <body>: nothing of the message bubble's styles reaches it.
  return createPortal(
    <dialog
      ref={ref}
      className={styles.lightbox}
      aria-label={count > 1 ? `${image.name}, image ${index + 1} of ${count}` : image.name}
      onClose={onClose}
      onKeyDown={onKeyDown}
    >
      <div className={styles.bar}>
        <span className={styles.title}>{image.name}</span>
        {count > 1 && (
          <span className={styles.count}>
            {index + 1} of {count}
          </span>
        )}
        <a className={styles.action} href={downloadUrl(image.url)} download>
          Download
        </a>
        <button type="button" className={styles.action} aria-label="Close" onClick={onClose}>
          ×
        </button>
      </div>
      <div className={styles.stage}>
        <BlurImage
          key={image.id}
          src={image.url}
          alt={image.name}
          placeholder={image.placeholder}
          fit="contain"
        />
        {count > 1 && (
          <>
            <button
              type="button"
              className={`${styles.step} ${styles.previous}`}
              aria-label="Previous image"
              onClick={() => go(-1)}
            >
              ‹
            </button>
            <button
              type="button"
              className={`${styles.step} ${styles.next}`}
              aria-label="Next image"
              onClick={() => go(1)}
            >
              ›
            </button>
          </>
        )}
      </div>
    </dialog>,
    document.body,
  );
}
