import { fileTypeFromBuffer } from 'file-type';
import type { FormatEnum, HeifCompression, Metadata } from 'sharp';
import sharp from 'sharp';

import { AppError } from '../errors.js';
import { LIMITS } from '../shared/validation.js';

// One libvips thread per image and no operation cache: the API shares 2 cores with PostgreSQL, uploads
// are one-off images whose cached decodes would never be reused, and libuv's thread pool (4 threads)
// already bounds how many pictures are worked on at once, so memory stays near one decode per upload.
sharp.cache(false);
sharp.concurrency(1);

/** Largest upload accepted, in bytes. */
export const PICTURE_MAX_BYTES = LIMITS.pictureMaxBytes;
/** Largest image accepted, in pixels (width × height), read from the header before any decoding. */
export const PICTURE_MAX_PIXELS = 50_000_000;
/** Side of the square picture, in pixels. */
export const PICTURE_FULL_SIZE = 512;
/** Side of the square thumbnail, in pixels. */
export const PICTURE_THUMBNAIL_SIZE = 96;

/** A hostile image can make the decoder crawl; past this the upload is refused. */
const PROCESSING_TIMEOUT_SECONDS = 20;

// The prebuilt sharp binaries bundle libheif with the AV1 decoder only: they read AVIF, but not HEIC
// (iPhone photos), whose HEVC codec is patent-encumbered and left out. A sharp built against a system
// libvips whose libheif has an HEVC decoder (libde265) lists '.heic' among the heif loader's suffixes
// (the prebuilt lists only '.avif'); only there is HEIC accepted. The codec inside each HEIF file is
// checked too, so a HEIC labelled as AVIF is refused with the clear message, not a decoding error.
const heifInput = sharp.format.heif.input;
const heifCodecs: HeifCompression[] = [];
if (heifInput.buffer) heifCodecs.push('av1');
if (heifInput.buffer && heifInput.fileSuffix?.includes('.heic')) heifCodecs.push('hevc');

interface AcceptedType {
  label: string;
  /** Media types file-type reports for it. */
  mimes: string[];
  /** The sharp loader that must agree with file-type. */
  format: keyof FormatEnum;
  /** For HEIF containers: the codec this sharp must be able to decode for the type to be offered. */
  codec?: HeifCompression;
}

const IMAGE_TYPES: AcceptedType[] = [
  { label: 'JPEG', mimes: ['image/jpeg'], format: 'jpeg' },
  // An animated PNG is a PNG whose first frame is the plain image; only that frame is read.
  { label: 'PNG', mimes: ['image/png', 'image/apng'], format: 'png' },
  { label: 'WebP', mimes: ['image/webp'], format: 'webp' },
  { label: 'GIF', mimes: ['image/gif'], format: 'gif' },
  { label: 'AVIF', mimes: ['image/avif'], format: 'heif', codec: 'av1' },
  {
    label: 'HEIC',
    mimes: ['image/heic', 'image/heic-sequence', 'image/heif', 'image/heif-sequence'],
    format: 'heif',
    codec: 'hevc',
  },
];
const ACCEPTED_TYPES = IMAGE_TYPES.filter((type) => !type.codec || heifCodecs.includes(type.codec));

const NOT_ACCEPTED_MESSAGE = `The picture must be a ${new Intl.ListFormat('en', {
  type: 'disjunction',
}).format(ACCEPTED_TYPES.map((type) => type.label))} image.`;

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

  const type = await acceptedTypeOf(bytes);
  await checkHeader(bytes, type);
  try {
    // Decoded once, straight to the largest size; the thumbnail is made from those pixels.
    const { data, info } = await sharp(bytes, { limitInputPixels: PICTURE_MAX_PIXELS })
      .autoOrient()
      .resize(PICTURE_FULL_SIZE, PICTURE_FULL_SIZE, { fit: 'cover', position: 'centre' })
      .raw()
      .timeout({ seconds: PROCESSING_TIMEOUT_SECONDS })
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

async function acceptedTypeOf(bytes: Buffer): Promise<AcceptedType> {
  const detected = await fileTypeFromBuffer(bytes);
  const type =
    detected && ACCEPTED_TYPES.find((accepted) => accepted.mimes.includes(detected.mime));
  if (!type) throw badPicture(NOT_ACCEPTED_MESSAGE);
  return type;
}

/** Reads only the header: the decoder must agree on the type, and the pixel count must be sane. */
async function checkHeader(bytes: Buffer, type: AcceptedType): Promise<void> {
  let metadata: Metadata;
  try {
    // No pixel limit here: the header is all that is read, and the limit is checked just below with
    // a message that says what is wrong.
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw unreadablePicture();
  }
  if (
    metadata.format !== type.format ||
    (metadata.format === 'heif' &&
      !(metadata.compression && heifCodecs.includes(metadata.compression)))
  ) {
    throw badPicture(NOT_ACCEPTED_MESSAGE);
  }
  const pixels = metadata.width * metadata.height;
  if (pixels > PICTURE_MAX_PIXELS) {
    throw badPicture(
      `The picture has too many pixels (${Number((pixels / 1_000_000).toPrecision(3))} megapixels); ` +
        `the limit is ${PICTURE_MAX_PIXELS / 1_000_000} megapixels.`,
    );
  }
}

function badPicture(message: string): AppError {
  return new AppError('BAD_REQUEST', message, 'picture');
}

function unreadablePicture(): AppError {
  return badPicture('The picture could not be read; the file may be damaged or incomplete.');
}
