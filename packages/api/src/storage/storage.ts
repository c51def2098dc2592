import type { Readable } from 'node:stream';

import { AppError } from '../errors.js';

/**
 * A byte range of an object, both ends inclusive (as in an HTTP `Range: bytes=start-end` header).
 * `end` past the last byte is clamped to it. The HTTP layer checks the range against `stat().size`.
 */
export interface ByteRange {
  start: number;
  end: number;
}

export interface ObjectInfo {
  /** Size in bytes. */
  size: number;
}

/**
 * Where the API keeps binary objects (profile pictures now; encrypted media later). Keys are always made
 * by the server (e.g. `avatars/<random>-512.webp`), never taken from user input; implementations still
 * refuse any key outside `STORAGE_KEY_PATTERN`. The shape follows S3 so an S3 backend fits behind it.
 */
export interface ObjectStorage {
  /** Stores the whole body under `key`, replacing any object there. Readers never see a partial object. */
  put(key: string, body: Buffer | Readable): Promise<void>;
  /** Streams the object, or the given range of it. A missing key throws `AppError('NOT_FOUND')`. */
  get(key: string, range?: ByteRange): Promise<Readable>;
  /** A missing key throws `AppError('NOT_FOUND')`. */
  stat(key: string): Promise<ObjectInfo>;
  /** Removes the object; removing a missing key is not an error (as in S3). */
  delete(key: string): Promise<void>;
}

/** Lower-case path segments of `a-z 0-9 . _ -`, each starting with a letter or digit, joined by `/`. */
export const STORAGE_KEY_PATTERN = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/;

const MAX_KEY_LENGTH = 512;
/** Below the usual 255-byte file name limit, leaving room for the temporary-file affixes. */
const MAX_SEGMENT_LENGTH = 160;

/** Whether `key` can name an object: it can never climb out of (or point at) the storage root. */
export function isStorageKey(key: string): boolean {
  return (
    key.length <= MAX_KEY_LENGTH &&
    STORAGE_KEY_PATTERN.test(key) &&
    !key.includes('..') &&
    key.split('/').every((segment) => segment.length <= MAX_SEGMENT_LENGTH)
  );
}

export function assertStorageKey(key: string): void {
  if (!isStorageKey(key)) throw new AppError('BAD_REQUEST', 'The storage key is not valid.', 'key');
}

export function assertByteRange(range: ByteRange): void {
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
    throw new AppError(
      'BAD_REQUEST',
      'The byte range must have whole numbers with 0 <= start <= end.',
      'range',
    );
  }
}

export function objectNotFound(): AppError {
  return new AppError('NOT_FOUND', 'The requested file does not exist.');
}
