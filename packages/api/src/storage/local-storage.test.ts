import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { describeObjectStorage } from '../test/storage-contract.js';
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

/** Every file under the root, temporary ones included, as `/`-joined paths. */
async function filesUnderRoot(): Promise<string[]> {
  try {
    const entries = await readdir(root, { recursive: true, withFileTypes: true });
    return entries
      .filter((entry) => !entry.isDirectory())
      .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
      .map((file) => file.split(path.sep).join('/'))
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

describeObjectStorage('LocalStorage', () => Promise.resolve({ storage, contents: filesUnderRoot }));

const bytes = Buffer.from('0123456789abcdef');

describe('LocalStorage', () => {
  it('refuses a stream of anything but bytes, leaving nothing', async () => {
    await expect(storage.put('media/text', Readable.from(['not', 'bytes']))).rejects.toThrow(
      'The body stream must yield bytes.',
    );
    expect(await readdir(path.join(root, 'media'))).toEqual([]);
  });

  it('keeps files private: files 0600, directories 0700', async () => {
    await storage.put('avatars/deep/x', bytes);
    expect((await stat(path.join(root, 'avatars', 'deep', 'x'))).mode & 0o777).toBe(0o600);
    for (const dir of [root, path.join(root, 'avatars'), path.join(root, 'avatars', 'deep')]) {
      expect((await stat(dir)).mode & 0o777).toBe(0o700);
    }
  });

  it('keeps a key as folders and a file under the root', async () => {
    await storage.put('avatars/0123456789abcdef-96.webp', bytes);
    expect(await readdir(path.join(root, 'avatars'))).toEqual(['0123456789abcdef-96.webp']);
  });

  it('creates no folder, not even the root, for a refused key', async () => {
    for (const key of ['../escape', 'avatars/../../escape', '/etc/passwd', 'a/.hidden']) {
      await expect(storage.put(key, bytes)).rejects.toThrow('The storage key is not valid.');
    }
    expect(await readdir(base)).toEqual([]);
  });
});
