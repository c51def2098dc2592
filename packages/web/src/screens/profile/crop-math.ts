// Square crop of an image, in the image's own pixels. The kept square is described by its centre
// and a zoom (1 = the square spans the image's short side); every change is clamped so the square
// stays inside the image. The editor shows it by placing the image under a fixed square frame.

export interface Size {
  width: number;
  height: number;
}

export interface Crop {
  centerX: number;
  centerY: number;
  zoom: number;
}

export interface CropRect {
  x: number;
  y: number;
  size: number;
}

export const MIN_ZOOM = 1;
export const MAX_ZOOM = 5;

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

export function initialCrop(image: Size): Crop {
  return { centerX: image.width / 2, centerY: image.height / 2, zoom: MIN_ZOOM };
}

/** Side of the kept square in image pixels. */
export function cropSize(image: Size, zoom: number): number {
  return Math.min(image.width, image.height) / clamp(zoom, MIN_ZOOM, MAX_ZOOM);
}

export function clampCrop(image: Size, crop: Crop): Crop {
  const zoom = clamp(crop.zoom, MIN_ZOOM, MAX_ZOOM);
  const half = cropSize(image, zoom) / 2;
  return {
    zoom,
    centerX: clamp(crop.centerX, half, image.width - half),
    centerY: clamp(crop.centerY, half, image.height - half),
  };
}

export function cropRect(image: Size, crop: Crop): CropRect {
  const { centerX, centerY, zoom } = clampCrop(image, crop);
  const size = cropSize(image, zoom);
  return { x: centerX - size / 2, y: centerY - size / 2, size };
}

/**
 * Moving the picture by (dx, dy) pixels of a frame `frameSize` pixels wide moves the kept square
 * the opposite way, scaled from frame to image pixels.
 */
export function moveCrop(image: Size, crop: Crop, dx: number, dy: number, frameSize: number): Crop {
  const imagePixelsPerFramePixel = cropSize(image, crop.zoom) / frameSize;
  return clampCrop(image, {
    ...crop,
    centerX: crop.centerX - dx * imagePixelsPerFramePixel,
    centerY: crop.centerY - dy * imagePixelsPerFramePixel,
  });
}

/** Zooms about the square's centre. */
export function zoomCrop(image: Size, crop: Crop, zoom: number): Crop {
  return clampCrop(image, { ...crop, zoom });
}

/**
 * Placement of the whole image inside a square frame that shows exactly `rect`, in percent of the
 * frame, so one crop renders at any frame size (the editor, each preview) without measuring.
 */
export function imagePlacement(image: Size, rect: CropRect) {
  const percent = (value: number) => `${(value / rect.size) * 100}%`;
  return {
    left: percent(-rect.x),
    top: percent(-rect.y),
    width: percent(image.width),
    height: percent(image.height),
  };
}
