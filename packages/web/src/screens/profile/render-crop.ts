import type { CropRect } from './crop-math.js';

/** The upload is the server's avatar size; it re-encodes (and strips metadata) anyway. */
export const OUTPUT_SIZE = 512;

/**
 * Draws the kept square of a decoded image onto a canvas and encodes it. WebP where the browser can
 * encode it, else PNG (the canvas falls back by itself); both are accepted by the API.
 */
export function renderCrop(image: CanvasImageSource, rect: CropRect): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = OUTPUT_SIZE;
  canvas.height = OUTPUT_SIZE;
  const context = canvas.getContext('2d');
  if (!context) return Promise.reject(new Error('This browser cannot prepare the picture.'));
  context.imageSmoothingQuality = 'high';
  context.drawImage(image, rect.x, rect.y, rect.size, rect.size, 0, 0, OUTPUT_SIZE, OUTPUT_SIZE);
  return new Promise((resolve, reject) => {
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('Could not prepare the picture.'))),
      'image/webp',
      0.92,
    );
  });
}
