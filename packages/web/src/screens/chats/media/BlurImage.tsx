import { useState } from 'react';
import { safePlaceholder } from './media-url.js';
import styles from './BlurImage.module.scss';

/** An image over its tiny blurred placeholder, which shows until the image has loaded. */
export function BlurImage({
  src,
  alt,
  placeholder,
  fit = 'cover',
}: {
  src: string;
  alt: string;
  placeholder: string | undefined;
  fit?: 'cover' | 'contain';
}) {
  const [state, setState] = useState<'loading' | 'loaded' | 'failed'>('loading');
  const blur = safePlaceholder(placeholder);
  return (
    <span className={`${styles.frame} ${styles[fit]}`} data-state={state}>
      {blur && state !== 'loaded' && (
        <img className={styles.placeholder} src={blur} alt="" aria-hidden="true" />
      )}
      <img
        className={styles.image}
        src={src}
        alt={alt}
        decoding="async"
        onLoad={() => setState('loaded')}
        onError={() => setState('failed')}
      />
      {state === 'failed' && <span className={styles.failed}>Image unavailable</span>}
    </span>
  );
}
