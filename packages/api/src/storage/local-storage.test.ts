import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { AppError } from '../errors.js';
import { LocalStorage } from './local-storage.js';

let base: string;
let root: string;
let storage: LocalStorage;

beforeEach(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'parley-storage-'));
  root = path.join(base, 'media');
  storage = new LocalStorage(root);
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

const bytes = Buffer.from('0123456789abcdef');

/** A stream that yields one chunk and then fails, as an aborted upload does. */
function failingStream(): Readable {
  return Readable.from(
    (async function* () {
      yield Buffer.from('partial');
      throw new Error('connection reset');
    })(),
  );
}

async function expectAppError(promise: Promise<unknown>, code: string, field?: string) {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  expect((error as AppError).field).toBe(field);
}

describe('LocalStorage', () => {
  it('stores a buffer and reads it back whole', async () => {
    await storage.put('avatars/abc-512.webp', bytes);
    expect(await buffer(await storage.get('avatars/abc-512.webp'))).toEqual(bytes);
    expect(await storage.stat('avatars/abc-512.webp')).toEqual({ size: bytes.length });
  });

  it('stores a stream and reads it back whole', async () => {
    const chunks = Array.from({ length: 40 }, () => randomBytes(64 * 1024));
    await storage.put('media/one', Readable.from(chunks));
    const stored = await buffer(await storage.get('media/one'));
    expect(stored.length).toBe(40 * 64 * 1024);
    // Buffer.equals: a deep toEqual over 2.6 million elements takes seconds.
    expect(stored.equals(Buffer.concat(chunks))).toBe(true);
  });

  it('refuses a stream of anything but bytes, leaving nothing', async () => {
    await expect(storage.put('media/text', Readable.from(['not', 'bytes']))).rejects.toThrow(
      'The body stream must yield bytes.',
    );
    expect(await readdir(path.join(root, 'media'))).toEqual([]);
  });

  it('replaces an existing object', async () => {
    await storage.put('k', bytes);
    await storage.put('k', Buffer.from('new'));
    expect((await buffer(await storage.get('k'))).toString()).toBe('new');
  });

  it('reads an inclusive byte range, clamping an end past the last byte', async () => {
    await storage.put('k', bytes);
    expect((await buffer(await storage.get('k', { start: 2, end: 5 }))).toString()).toBe('2345');
    expect((await buffer(await storage.get('k', { start: 14, end: 99 }))).toString()).toBe('ef');
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

  it('throws NOT_FOUND for a missing key or a key naming a directory, before any stream exists', async () => {
    await storage.put('avatars/x', bytes);
    for (const key of ['missing', 'avatars/missing', 'avatars', 'avatars/x/below']) {
      await expectAppError(storage.get(key), 'NOT_FOUND');
      await expectAppError(storage.stat(key), 'NOT_FOUND');
    }
  });

  it('deletes an object, and deleting a missing key is not an error', async () => {
    await storage.put('avatars/x', bytes);
    await storage.delete('avatars/x');
    await expectAppError(storage.get('avatars/x'), 'NOT_FOUND');
    await expect(storage.delete('avatars/x')).resolves.toBeUndefined();
    await expect(storage.delete('never/was')).resolves.toBeUndefined();
  });

  it('keeps files private: files 0600, directories 0700', async () => {
    await storage.put('avatars/deep/x', bytes);
    expect((await stat(path.join(root, 'avatars', 'deep', 'x'))).mode & 0o777).toBe(0o600);
    for (const dir of [root, path.join(root, 'avatars'), path.join(root, 'avatars', 'deep')]) {
      expect((await stat(dir)).mode & 0o777).toBe(0o700);
    }
  });

  it('leaves nothing behind when a write fails, and keeps the previous object whole', async () => {
    await expect(storage.put('avatars/new', failingStream())).rejects.toThrow('connection reset');
    expect(await readdir(path.join(root, 'avatars'))).toEqual([]);

    await storage.put('avatars/old', bytes);
    await expect(storage.put('avatars/old', failingStream())).rejects.toThrow('connection reset');
    expect(await readdir(path.join(root, 'avatars'))).toEqual(['old']);
    expect(await buffer(await storage.get('avatars/old'))).toEqual(bytes);
  });

  it('refuses every key outside the pattern, so none can leave the root', async () => {
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
      `${'a'.repeat(161)}`,
      `${'a/'.repeat(300)}a`,
    ];
    for (const key of badKeys) {
      await expectAppError(storage.put(key, bytes), 'BAD_REQUEST', 'key');
      await expectAppError(storage.get(key), 'BAD_REQUEST', 'key');
      await expectAppError(storage.stat(key), 'BAD_REQUEST', 'key');
      await expectAppError(storage.delete(key), 'BAD_REQUEST', 'key');
    }
    // Nothing was created anywhere, not even the root.
    expect(await readdir(base)).toEqual([]);
  });

  it('accepts the keys the server makes', async () => {
    const key = 'avatars/0123456789abcdef0123456789abcdef-96.webp';
    await storage.put(key, bytes);
    expect(await readdir(path.join(root, 'avatars'))).toEqual([
      '0123456789abcdef0123456789abcdef-96.webp',
    ]);
  });
});
