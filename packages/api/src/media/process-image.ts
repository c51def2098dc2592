import type { Sharp } from 'sharp';

import { AppError } from '../errors.js';
import type { ImageType } from '../images/inspect-image.js';
import { decodeImage, inspectImage, tooManyPixelsMessage } from '../images/inspect-image.js';
import { notAnImage } from './sniff-media.js';

/** Longest side of the thumbnail shown in a conversation, in pixels. */
export const THUMBNAIL_MAX_SIDE = 480;
/** Longest side of the blurred placeholder shown until the thumbnail has loaded, in pixels. */
const PLACEHOLDER_MAX_SIDE = 32;
/** Longest placeholder data URL, in characters: it travels inside every message that shows it. */
export const PLACEHOLDER_MAX_LENGTH = 2048;

export interface ProcessedImage {
  /** The image without metadata, orientation applied, in its own format when inline-safe. */
  bytes: Buffer;
  mediaType: string;
  width: number;
  height: number;
  /** A still WebP no larger than THUMBNAIL_MAX_SIDE on either side. */
  thumbnail: { bytes: Buffer; mediaType: 'image/webp'; width: number; height: number };
  /** `data:image/webp;base64,…`, a tiny blurred preview. */
  placeholder: string;
}

/**
 * Makes an uploaded image safe to store and show: the type is decided from the bytes, the pixel count
 * is checked from the header before any decoding, the EXIF orientation is applied and every piece of
 * metadata (EXIF with its GPS position and camera, XMP, comments, and the ICC profile once the colours
 * are converted to sRGB) is dropped by re-encoding. The format is kept (an animated GIF or WebP stays
 * animated) except for HEIC, which browsers other than Safari cannot show, made JPEG.
 */
export async function processImage(bytes: Buffer): Promise<ProcessedImage> {
  const inspection = await inspectImage(bytes, { allFrames: true });
  if (!inspection.ok) {
    if (inspection.problem === 'unreadable') throw unreadableImage();
    if (inspection.problem === 'not-accepted') throw notAnImage();
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      tooManyPixelsMessage('image', inspection.megapixels),
      'file',
    );
  }
  const { type } = inspection;
  // Each output is its own pipeline from the encoded bytes: a JPEG thumbnail or placeholder then
  // decodes at a fraction of the size, and no full-size pixels are held between them.
  try {
    const output = encodeAs(type);
    const [image, thumbnail, placeholder] = await Promise.all([
      output.encode(decodeImage(bytes, { animated: type.animated })).toBuffer({
        resolveWithObject: true,
      }),
      decodeImage(bytes)
        .resize(THUMBNAIL_MAX_SIDE, THUMBNAIL_MAX_SIDE, { fit: 'inside', withoutEnlargement: true })
        .webp()
        .toBuffer({ resolveWithObject: true }),
      decodeImage(bytes)
        .resize(PLACEHOLDER_MAX_SIDE, PLACEHOLDER_MAX_SIDE, { fit: 'inside' })
        .blur(1)
        .webp({ quality: 40 })
        .toBuffer(),
    ]);
    return {
      bytes: image.data,
      mediaType: output.mediaType,
      width: image.info.width,
      // An animation's frames are stacked in one tall image; its height is one frame's.
      height: image.info.pageHeight ?? image.info.height,
      thumbnail: {
        bytes: thumbnail.data,
        mediaType: 'image/webp',
        width: thumbnail.info.width,
        height: thumbnail.info.height,
      },
      placeholder: `data:image/webp;base64,${placeholder.toString('base64')}`,
    };
  } catch {
    throw unreadableImage();
  }
}

/** The format an accepted image is stored in: its own when browsers show it, JPEG otherwise. */
function encodeAs(type: ImageType): { mediaType: string; encode: (image: Sharp) => Sharp } {
  switch (type.format) {
    case 'png':
      return { mediaType: 'image/png', encode: (image) => image.png() };
    case 'webp':
      return { mediaType: 'image/webp', encode: (image) => image.webp({ quality: 85 }) };
    case 'gif':
      return { mediaType: 'image/gif', encode: (image) => image.gif() };
    case 'heif':
      // The fastest effort: at the default a 12-megapixel photo takes over a minute on one core, at 0
      // about ten seconds, for the same quality in a somewhat larger file.
      if (type.codec === 'av1') {
        return { mediaType: 'image/avif', encode: (image) => image.avif({ effort: 0 }) };
      }
      break;
  }
  return { mediaType: 'image/jpeg', encode: (image) => image.jpeg({ quality: 85 }) };
}

function unreadableImage(): AppError {
  return new AppError(
    'BAD_REQUEST',
    'The image could not be read; the file may be damaged or incomplete.',
    'file',
  );
}
