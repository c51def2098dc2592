// The behaviour every ObjectStorage backend shares, as one suite each backend's test file runs.
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';

import { beforeEach, describe, expect, it } from 'vitest';

import { AppError } from '../errors.js';
import type { ObjectStorage } from '../storage/storage.js';

export interface StorageUnderTest {
  storage: ObjectStorage;
  /**
   * Everything the backend holds, sorted: each object's key, plus anything an unfinished write left
   * behind (a temporary file, an open multipart upload), named so that it never equals a key.
   */
  contents(): Promise<string[]>;
}

const MIB = 1024 * 1024;
/** S3Storage's part size: ranges below straddle the edges between parts. */
const PART = 5 * MIB;

const bytes = Buffer.from('0123456789abcdef');

/** A stream of `data` in chunks whose edges fall nowhere near the part edges. */
function streamOf(data: Buffer, chunkSize = 100_003): Readable {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += chunkSize) {
    chunks.push(data.subarray(offset, offset + chunkSize));
  }
  return Readable.from(chunks);
}

/** A stream that fails after more than one part, as an upload cut off half-way does. */
function failingStream(): Readable {
  return Readable.from(
    (async function* () {
      for (let i = 0; i < 6; i++) yield randomBytes(MIB);
      throw new Error('connection reset');
    })(),
  );
}

export async function expectAppError(promise: Promise<unknown>, code: string, field?: string) {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  expect((error as AppError).field).toBe(field);
}

export function describeObjectStorage(name: string, setup: () => Promise<StorageUnderTest>) {
  describe(`${name} as ObjectStorage`, () => {
    let storage: ObjectStorage;
    let contents: () => Promise<string[]>;

    beforeEach(async () => {
      ({ storage, contents } = await setup());
    });

    const read = async (key: string, range?: { start: number; end: number }) =>
      buffer(await storage.get(key, range));

    it('stores a buffer and reads it back whole', async () => {
      await storage.put('avatars/abc-512.webp', bytes);
      expect(await read('avatars/abc-512.webp')).toEqual(bytes);
      expect(await storage.stat('avatars/abc-512.webp')).toEqual({ size: bytes.length });
      expect(await contents()).toEqual(['avatars/abc-512.webp']);
    });

    it('stores an empty object', async () => {
      await storage.put('media/empty', Buffer.alloc(0));
      expect(await storage.stat('media/empty')).toEqual({ size: 0 });
      expect((await read('media/empty')).length).toBe(0);
    });

    it('stores a stream of unknown length, several parts long, and reads it back whole', async () => {
      const data = randomBytes(2 * PART + 12_345);
      await storage.put('media/big', streamOf(data));
      expect(await storage.stat('media/big')).toEqual({ size: data.length });
      // Buffer.equals: a deep toEqual over millions of elements takes seconds.
      expect((await read('media/big')).equals(data)).toBe(true);
      expect(await contents()).toEqual(['media/big']);
    });

    it('stores a buffer several parts long', async () => {
      const data = randomBytes(PART + 1);
      await storage.put('media/big', data);
      expect((await read('media/big')).equals(data)).toBe(true);
    });

    it('reads inclusive byte ranges, across part edges, clamping an end past the last byte', async () => {
      await storage.put('k', bytes);
      expect((await read('k', { start: 2, end: 5 })).toString()).toBe('2345');
      expect((await read('k', { start: 0, end: 0 })).toString()).toBe('0');
      expect((await read('k', { start: 14, end: 99 })).toString()).toBe('ef');

      const data = randomBytes(2 * PART + 100);
      await storage.put('media/big', streamOf(data));
      for (const [start, end] of [
        [PART - 3, PART + 2],
        [2 * PART - 1, 2 * PART],
        [PART - 70_000, 2 * PART + 70_000],
        [data.length - 2, data.length + 1000],
      ] as const) {
        const expected = data.subarray(start, end + 1);
        expect((await read('media/big', { start, end })).equals(expected)).toBe(true);
      }
    });

    it('refuses a malformed byte range', async () => {
      await storage.put('k', bytes);
      for (const range of [
        { start: 5, end: 2 },
        { start: -1, end: 2 },
        { start: 0.5, end: 2 },
        { start: 0, end: Number.NaN },
      ]) {
        await expectAppError(storage.get('k', range), 'BAD_REQUEST', 'range');
      }
    });

    it('replaces an existing object, large by small', async () => {
      await storage.put('k', streamOf(randomBytes(PART + 10)));
      await storage.put('k', Buffer.from('new'));
      expect((await read('k')).toString()).toBe('new');
      expect(await storage.stat('k')).toEqual({ size: 3 });
      expect(await contents()).toEqual(['k']);
    });

    it('throws NOT_FOUND for a missing key, even one naming a folder, before any stream exists', async () => {
      await storage.put('avatars/x', bytes);
      for (const key of ['missing', 'avatars/missing', 'avatars', 'avatars/x/below']) {
        await expectAppError(storage.get(key), 'NOT_FOUND');
        await expectAppError(storage.get(key, { start: 0, end: 1 }), 'NOT_FOUND');
        await expectAppError(storage.stat(key), 'NOT_FOUND');
      }
    });

    it('deletes an object, and deleting a missing key is not an error', async () => {
      await storage.put('avatars/x', bytes);
      await storage.put('avatars/y', bytes);
      await storage.delete('avatars/x');
      await expectAppError(storage.get('avatars/x'), 'NOT_FOUND');
      await expectAppError(storage.stat('avatars/x'), 'NOT_FOUND');
      await expect(storage.delete('avatars/x')).resolves.toBeUndefined();
      await expect(storage.delete('never/was')).resolves.toBeUndefined();
      expect(await contents()).toEqual(['avatars/y']);
    });

    it('leaves nothing behind when a stream fails half-way, and keeps the previous object whole', async () => {
      await expect(storage.put('avatars/new', failingStream())).rejects.toThrow('connection reset');
      expect(await contents()).toEqual([]);
      await expectAppError(storage.stat('avatars/new'), 'NOT_FOUND');

      await storage.put('avatars/old', bytes);
      await expect(storage.put('avatars/old', failingStream())).rejects.toThrow('connection reset');
      expect(await contents()).toEqual(['avatars/old']);
      expect(await read('avatars/old')).toEqual(bytes);
    });

    it('refuses every key outside the pattern, and stores nothing', async () => {
      const badKeys = [
        '',
        '../escape',
        'avatars/../../escape',
        '/etc/passwd',
        'a//b',
        'a/',
        '/a',
        '.hidden',
        'a/.hidden',
        'a/./b',
        'a..b',
        'a\\..\\b',
        'UPPER',
        'a b',
        'a\0b',
        'caf\u00e9',
        'a?b',
        'a%2fb',
        `${'a'.repeat(161)}`,
        `${'a/'.repeat(300)}a`,
      ];
      for (const key of badKeys) {
        await expectAppError(storage.put(key, bytes), 'BAD_REQUEST', 'key');
        await expectAppError(storage.put(key, streamOf(bytes)), 'BAD_REQUEST', 'key');
        await expectAppError(storage.get(key), 'BAD_REQUEST', 'key');
        await expectAppError(storage.stat(key), 'BAD_REQUEST', 'key');
        await expectAppError(storage.delete(key), 'BAD_REQUEST', 'key');
      }
      expect(await contents()).toEqual([]);
    });

    it('accepts the keys the server makes', async () => {
      const key = 'avatars/0123456789abcdef0123456789abcdef-96.webp';
      await storage.put(key, bytes);
      expect(await contents()).toEqual([key]);
    });
  });
}
