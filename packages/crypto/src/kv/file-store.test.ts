import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileKeyValueStore } from './file-store.js';
import { MemoryKeyValueStore } from './memory-store.js';
import type { KeyValueStore } from './store.js';

const bytes = (...values: number[]) => Uint8Array.from(values);

async function checkContract(store: KeyValueStore) {
  expect(await store.get('a')).toBeUndefined();
  await store.set('a/1', bytes(1));
  await store.set('a/2', bytes(2));
  await store.set('b/1', bytes(3));
  expect(await store.get('a/1')).toEqual(bytes(1));
  expect((await store.keys('a/')).sort()).toEqual(['a/1', 'a/2']);
  expect(await store.add('a/1', bytes(9))).toBe(false);
  expect(await store.get('a/1')).toEqual(bytes(1));
  expect(await store.add('c', bytes(4))).toBe(true);
  expect(await store.delete('c')).toBe(true);
  expect(await store.delete('c')).toBe(false);
  // Values are copies: changing what was stored or read changes nothing.
  const value = bytes(5);
  await store.set('d', value);
  value[0] = 6;
  const read = (await store.get('d')) as Uint8Array;
  read[0] = 7;
  expect(await store.get('d')).toEqual(bytes(5));
}

describe('key-value stores', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parley-kv-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('memory and file stores keep the same contract', async () => {
    await checkContract(new MemoryKeyValueStore());
    await checkContract(await FileKeyValueStore.open(join(dir, 'state')));
  });

  it('the file store persists every change, owner-readable only, and reopens', async () => {
    const path = join(dir, 'state');
    const store = await FileKeyValueStore.open(path);
    // Concurrent writes share file writes but each call returns only once its change is on disk.
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.set(`k${i}`, bytes(i))));
    await store.delete('k0');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const reopened = await FileKeyValueStore.open(path);
    expect((await reopened.keys('k')).length).toBe(49);
    expect(await reopened.get('k49')).toEqual(bytes(49));
    expect(await reopened.get('k0')).toBeUndefined();
  });

  it('the file store refuses a file that is not its format', async () => {
    const path = join(dir, 'state');
    await writeFile(path, 'hello');
    await expect(FileKeyValueStore.open(path)).rejects.toMatchObject({ code: 'MALFORMED' });
    const store = await FileKeyValueStore.open(join(dir, 'ok'));
    await store.set('x', bytes(1));
    const good = await readFile(join(dir, 'ok'));
    await writeFile(path, good.subarray(0, good.length - 1));
    await expect(FileKeyValueStore.open(path)).rejects.toMatchObject({ code: 'MALFORMED' });
  });
});
