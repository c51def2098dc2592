import { fileTypeFromBuffer } from 'file-type';
import type { FormatEnum, HeifCompression, Metadata, Sharp } from 'sharp';
import sharp from 'sharp';

// The image types the API accepts and the checks every uploaded image passes before any pixel is
// decoded, shared by profile pictures and media uploads; each caller words its own refusals.

// One libvips thread per image and no operation cache: the API shares 2 cores with PostgreSQL, uploads
// are one-off images whose cached decodes would never be reused, and libuv's thread pool (4 threads)
// already bounds how many images are worked on at once, so memory stays near one decode per upload.
sharp.cache(false);
sharp.concurrency(1);

/** Largest image accepted, in pixels (width × height), read from the header before any decoding. */
export const IMAGE_MAX_PIXELS = 50_000_000;

/** A hostile image can make the decoder crawl; past this the upload is refused. */
const IMAGE_TIMEOUT_SECONDS = 20;

// The prebuilt sharp binaries bundle libheif with the AV1 decoder only: they read AVIF, but not HEIC
// (iPhone photos), whose HEVC codec is patent-encumbered and left out. A sharp built against a system
// libvips whose libheif has an HEVC decoder (libde265) lists '.heic' among the heif loader's suffixes
// (the prebuilt lists only '.avif'); only there is HEIC accepted. The codec inside each HEIF file is
// checked too, so a HEIC labelled as AVIF is refused with the clear message, not a decoding error.
const heifInput = sharp.format.heif.input;
const heifCodecs: HeifCompression[] = [];
if (heifInput.buffer) heifCodecs.push('av1');
if (heifInput.buffer && heifInput.fileSuffix?.includes('.heic')) heifCodecs.push('hevc');

export interface ImageType {
  label: string;
  /** Media types file-type reports for it. */
  mimes: string[];
  /** The sharp loader that must agree with file-type. */
  format: keyof FormatEnum;
  /** For HEIF containers: the codec this sharp must be able to decode for the type to be offered. */
  codec?: HeifCompression;
  /** Whether sharp reads and writes all its frames, so an animation can stay one. */
  animated?: boolean;
}

const IMAGE_TYPES: ImageType[] = [
  { label: 'JPEG', mimes: ['image/jpeg'], format: 'jpeg' },
  // An animated PNG is a PNG whose first frame is the plain image; only that frame is read.
  { label: 'PNG', mimes: ['image/png', 'image/apng'], format: 'png' },
  { label: 'WebP', mimes: ['image/webp'], format: 'webp', animated: true },
  { label: 'GIF', mimes: ['image/gif'], format: 'gif', animated: true },
  { label: 'AVIF', mimes: ['image/avif'], format: 'heif', codec: 'av1' },
  {
    label: 'HEIC',
    mimes: ['image/heic', 'image/heic-sequence', 'image/heif', 'image/heif-sequence'],
    format: 'heif',
    codec: 'hevc',
  },
];

/** The image types this build of sharp can read. */
export const ACCEPTED_IMAGE_TYPES = IMAGE_TYPES.filter(
  (type) => !type.codec || heifCodecs.includes(type.codec),
);

/** "JPEG, PNG, WebP, GIF, or AVIF", for refusal messages. */
export const ACCEPTED_IMAGE_LABELS = new Intl.ListFormat('en', { type: 'disjunction' }).format(
  ACCEPTED_IMAGE_TYPES.map((type) => type.label),
);

/** The accepted image type with this media type (as file-type reports it), if any. */
export function acceptedImageType(mime: string): ImageType | undefined {
  return ACCEPTED_IMAGE_TYPES.find((type) => type.mimes.includes(mime));
}

/** The refusal for an image over IMAGE_MAX_PIXELS, e.g. "The picture has too many pixels (…)". */
export function tooManyPixelsMessage(noun: string, megapixels: number): string {
  return (
    `The ${noun} has too many pixels (${megapixels} megapixels); ` +
    `the limit is ${IMAGE_MAX_PIXELS / 1_000_000} megapixels.`
  );
}

export type ImageInspection =
  | { ok: true; type: ImageType; metadata: Metadata }
  | { ok: false; problem: 'not-accepted' }
  | { ok: false; problem: 'unreadable' }
  | { ok: false; problem: 'too-many-pixels'; megapixels: number };

/**
 * Decides the type from the bytes and reads only the header: the decoder must agree with file-type on
 * the type, and the pixel count must be sane. With `allFrames`, every frame of an animated type counts,
 * for callers that decode them all.
 */
export async function inspectImage(
  bytes: Buffer,
  options: { allFrames?: boolean } = {},
): Promise<ImageInspection> {
  const detected = await fileTypeFromBuffer(bytes);
  const type = detected && acceptedImageType(detected.mime);
  if (!type) return { ok: false, problem: 'not-accepted' };

  let metadata: Metadata;
  try {
    // No pixel limit here: the header is all that is read, and the limit is checked just below so the
    // caller can say what is wrong.
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    return { ok: false, problem: 'unreadable' };
  }
  if (
    metadata.format !== type.format ||
    (metadata.format === 'heif' &&
      !(metadata.compression && heifCodecs.includes(metadata.compression)))
  ) {
    return { ok: false, problem: 'not-accepted' };
  }
  const frames = options.allFrames && type.animated ? (metadata.pages ?? 1) : 1;
  const pixels = metadata.width * metadata.height * frames;
  if (pixels > IMAGE_MAX_PIXELS) {
    return {
      ok: false,
      problem: 'too-many-pixels',
      megapixels: Number((pixels / 1_000_000).toPrecision(3)),
    };
  }
  return { ok: true, type, metadata };
}

/**
 * A pipeline that decodes an inspected image upright (EXIF orientation applied), within the pixel
 * limit and the time limit. Its output carries no metadata unless asked for.
 */
export function decodeImage(bytes: Buffer, options: { animated?: boolean } = {}): Sharp {
  return sharp(bytes, { limitInputPixels: IMAGE_MAX_PIXELS, animated: options.animated === true })
    .autoOrient()
    .timeout({ seconds: IMAGE_TIMEOUT_SECONDS });
}
