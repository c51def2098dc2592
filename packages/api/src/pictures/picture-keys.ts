import { randomBytes } from 'node:crypto';

import { PICTURE_FULL_SIZE, PICTURE_THUMBNAIL_SIZE } from './process-picture.js';

/** Storage folder of profile pictures; served at `/media/avatars/<file>`. */
export const PICTURE_KEY_PREFIX = 'avatars/';

/** File names `newPictureKeys` makes: 128 random bits in hex, then the size. */
const FILE_PATTERN = new RegExp(
  `^[0-9a-f]{32}-(${PICTURE_FULL_SIZE}|${PICTURE_THUMBNAIL_SIZE})\\.webp$`,
);
const FULL_KEY_PATTERN = new RegExp(
  `^${PICTURE_KEY_PREFIX}([0-9a-f]{32})-${PICTURE_FULL_SIZE}\\.webp$`,
);

export interface PictureKeys {
  full: string;
  thumbnail: string;
}

function keyOf(id: string, size: number): string {
  return `${PICTURE_KEY_PREFIX}${id}-${size}.webp`;
}

/**
 * Fresh storage keys for one picture, e.g. `avatars/<32 hex>-512.webp` and `…-96.webp`. Nothing comes
 * from the user, and the 128 random bits make each URL an unguessable, never-reused name, so a picture
 * can be served as immutable and a replaced one is not reachable by its old address.
 */
export function newPictureKeys(): PictureKeys {
  const id = randomBytes(16).toString('hex');
  return { full: keyOf(id, PICTURE_FULL_SIZE), thumbnail: keyOf(id, PICTURE_THUMBNAIL_SIZE) };
}

/**
 * The thumbnail key that goes with a full-size key from `newPictureKeys`, so only the full-size key
 * needs storing. Throws for any other key: it cannot have come from `newPictureKeys`.
 */
export function thumbnailKeyOf(fullKey: string): string {
  const id = FULL_KEY_PATTERN.exec(fullKey)?.[1];
  if (!id) throw new Error(`Not a full-size picture key: ${JSON.stringify(fullKey)}`);
  return keyOf(id, PICTURE_THUMBNAIL_SIZE);
}

/**
 * The storage key for a file name taken from a request (`GET /media/avatars/:file`), or null when the
 * name is not one `newPictureKeys` could have made.
 */
export function pictureKeyFromFileName(file: string): string | null {
  return FILE_PATTERN.test(file) ? `${PICTURE_KEY_PREFIX}${file}` : null;
}
