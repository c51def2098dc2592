import { describe, expect, it } from 'vitest';
import { createAccountKey } from '../account-key.js';
import { MemoryKeyValueStore } from './memory-store.js';
import { SealedKeyValueStore } from './sealed-store.js';

describe('SealedKeyValueStore', () => {
  it('stores only sealed values, bound to their key names', async () => {
    const inner = new MemoryKeyValueStore();
    const accountKey = createAccountKey();
    const store = new SealedKeyValueStore(inner, accountKey);
    const secret = new TextEncoder().encode('private state');
    await store.set('one', secret);
    expect(await store.add('two', new TextEncoder().encode('other state'))).toBe(true);
    expect(await store.get('one')).toEqual(secret);
    expect((await store.keys('')).sort()).toEqual(['one', 'two']);

    const raw = (await inner.get('one')) as Uint8Array;
    expect(Buffer.from(raw).includes(Buffer.from(secret))).toBe(false);
    expect(raw.length).toBe(secret.length + 31);

    // A row copied under another key name does not open.
    await inner.set('two', raw);
    await expect(store.get('two')).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
    await expect(
      new SealedKeyValueStore(inner, createAccountKey()).get('one'),
    ).rejects.toMatchObject({
      code: 'DECRYPT_FAILED',
    });
    expect(await store.delete('one')).toBe(true);
    expect(await store.get('one')).toBeUndefined();
  });

  it('names a bad account key', () => {
    expect(() => new SealedKeyValueStore(new MemoryKeyValueStore(), new Uint8Array(16))).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', field: 'accountKey' }),
    );
  });
});
