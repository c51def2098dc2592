import { useId, useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { MAX_ZOOM, MIN_ZOOM, moveCrop, zoomCrop, type Crop } from './crop-math.js';
import styles from './CropArea.module.scss';
import { CropView } from './CropView.js';
import type { LoadedImage } from './load-image.js';

/** Share of the frame one arrow key press moves the picture (Shift: five times as far). */
const KEY_STEP = 0.02;
const ZOOM_STEP = 0.1;

/**
 * Choosing the square: drag the picture (mouse, pen or touch) or use the arrow keys, and zoom with
 * the slider or + and −. The frame shows exactly what will be kept.
 */
export function CropArea({
  image,
  crop,
  onChange,
}: {
  image: LoadedImage;
  crop: Crop;
  onChange(crop: Crop): void;
}) {
  const hintId = useId();
  const zoomId = useId();
  const drag = useRef<{ x: number; y: number; pointerId: number } | null>(null);

  const frameSize = (element: HTMLElement) => element.getBoundingClientRect().width || 1;

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { x: event.clientX, y: event.clientY, pointerId: event.pointerId };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const last = drag.current;
    if (!last || last.pointerId !== event.pointerId) return;
    drag.current = { ...last, x: event.clientX, y: event.clientY };
    const size = frameSize(event.currentTarget);
    onChange(moveCrop(image.size, crop, event.clientX - last.x, event.clientY - last.y, size));
  };
  const endDrag = () => {
    drag.current = null;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = frameSize(event.currentTarget) * KEY_STEP * (event.shiftKey ? 5 : 1);
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
    };
    const move = moves[event.key];
    let next: Crop | null = null;
    if (move) next = moveCrop(image.size, crop, move[0], move[1], frameSize(event.currentTarget));
    else if (event.key === '+' || event.key === '=') {
      next = zoomCrop(image.size, crop, crop.zoom + ZOOM_STEP);
    } else if (event.key === '-' || event.key === '_') {
      next = zoomCrop(image.size, crop, crop.zoom - ZOOM_STEP);
    }
    if (!next) return;
    event.preventDefault();
    onChange(next);
  };

  return (
    <div className={styles.area}>
      <div
        className={styles.frame}
        role="group"
        aria-label="Crop area"
        aria-describedby={hintId}
        tabIndex={0}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={endDrag}
        onPointerCancel={endDrag}
        onKeyDown={onKeyDown}
      >
        <CropView src={image.url} image={image.size} crop={crop} className={styles.view} />
        <span className={styles.guide} aria-hidden="true" />
      </div>
      <p id={hintId} className={styles.hint}>
        Drag the picture or use the arrow keys to choose what shows; + and − zoom.
      </p>
      <div className={styles.zoom}>
        <label htmlFor={zoomId}>Zoom</label>
        <input
          id={zoomId}
          type="range"
          min={MIN_ZOOM}
          max={MAX_ZOOM}
          step={0.01}
          value={crop.zoom}
          aria-valuetext={`${Math.round(crop.zoom * 100)}%`}
          onChange={(event) => onChange(zoomCrop(image.size, crop, Number(event.target.value)))}
        />
      </div>
    </div>
  );
}
