import type { CSSProperties } from 'react';
import { cropRect, imagePlacement, type Crop, type Size } from './crop-math.js';
import styles from './CropView.module.scss';

/** The kept square of an image, drawn at whatever size the surrounding box gives it. */
export function CropView({
  src,
  image,
  crop,
  className,
  style,
}: {
  src: string;
  image: Size;
  crop: Crop;
  className?: string | undefined;
  style?: CSSProperties;
}) {
  return (
    <div className={[styles.view, className].filter(Boolean).join(' ')} style={style}>
      <img
        className={styles.image}
        src={src}
        alt=""
        draggable={false}
        style={imagePlacement(image, cropRect(image, crop))}
      />
    </div>
  );
}
