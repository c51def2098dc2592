import type { Size } from './crop-math.js';

export interface LoadedImage {
  /** Decoded and ready to draw. */
  element: HTMLImageElement;
  /** Object URL of the chosen file; revoke when done. */
  url: string;
  size: Size;
}

/** Decodes a chosen file in the browser. Fails with a message a person can act on. */
export async function loadImage(file: File, maxBytes: number): Promise<LoadedImage> {
  if (file.size > maxBytes) {
    throw new Error(`That file is too large. Choose a picture up to ${formatMegabytes(maxBytes)}.`);
  }
  const url = URL.createObjectURL(file);
  const element = new Image();
  element.src = url;
  try {
    await element.decode();
  } catch {
    URL.revokeObjectURL(url);
    throw new Error(
      'That file could not be opened as a picture here. Choose a JPEG, PNG, WebP or GIF image.',
    );
  }
  return { element, url, size: { width: element.naturalWidth, height: element.naturalHeight } };
}

function formatMegabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}
