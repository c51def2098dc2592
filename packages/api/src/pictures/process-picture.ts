import sharp from 'sharp';

import { AppError } from '../errors.js';
import {
  ACCEPTED_IMAGE_LABELS,
  decodeImage,
  inspectImage,
  tooManyPixelsMessage,
} from '../images/inspect-image.js';
import { LIMITS } from '../shared/validation.js';

/** Largest upload accepted, in bytes. */
export const PICTURE_MAX_BYTES = LIMITS.pictureMaxBytes;
/** Side of the square picture, in pixels. */
export const PICTURE_FULL_SIZE = 512;
/** Side of the square thumbnail, in pixels. */
export const PICTURE_THUMBNAIL_SIZE = 96;

const NOT_ACCEPTED_MESSAGE = `The picture must be a ${ACCEPTED_IMAGE_LABELS} image.`;

export const pictureTooLarge = () =>
  new AppError('PAYLOAD_TOO_LARGE', 'The picture must be 10 MB or smaller.', 'picture');

export interface ProcessedPicture {
  /** 512×512 WebP, no metadata. */
  full: Buffer;
  /** 96×96 WebP, no metadata. */
  thumbnail: Buffer;
}

/**
 * Turns uploaded bytes into the stored profile picture: the type is decided from the bytes (never a
 * name), the size and pixel count are checked before any pixel is decoded, EXIF orientation is applied,
 * the image is centre-cropped to a square and re-encoded as WebP without any metadata (EXIF, GPS, ICC,
 * XMP). Animated images keep their first frame. Every refusal is an AppError on the field `picture`.
 */
export async function processProfilePicture(bytes: Buffer): Promise<ProcessedPicture> {
  if (bytes.length > PICTURE_MAX_BYTES) {
    throw pictureTooLarge();
  }
  if (bytes.length === 0) throw badPicture('The picture is empty.');

  const inspection = await inspectImage(bytes);
  if (!inspection.ok) {
    if (inspection.problem === 'unreadable') throw unreadablePicture();
    throw badPicture(
      inspection.problem === 'not-accepted'
        ? NOT_ACCEPTED_MESSAGE
        : tooManyPixelsMessage('picture', inspection.megapixels),
    );
  }
  try {
    // Decoded once, straight to the largest size; the thumbnail is made from those pixels.
    const { data, info } = await decodeImage(bytes)
      .resize(PICTURE_FULL_SIZE, PICTURE_FULL_SIZE, { fit: 'cover', position: 'centre' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const fromPixels = () =>
      sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
    const [full, thumbnail] = await Promise.all([
      fromPixels().webp().toBuffer(),
      fromPixels().resize(PICTURE_THUMBNAIL_SIZE, PICTURE_THUMBNAIL_SIZE).webp().toBuffer(),
    ]);
    return { full, thumbnail };
  } catch {
    throw unreadablePicture();
  }
}

function badPicture(message: string): AppError {
  return new AppError('BAD_REQUEST', message, 'picture');
}

function unreadablePicture(): AppError {
  return badPicture('The picture could not be read; the file may be damaged or incomplete.');
}
