import { IdentityKeyPair } from '@signalapp/libsignal-client';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createAccountKey,
  unwrapAccountKeyWithMasterKey,
  unwrapAccountKeyWithPassword,
  wrapAccountKeyWithMasterKey,
  wrapAccountKeyWithPassword,
} from './account-key.js';
import { Device } from './device.js';
import { decodeEntries } from './kv/codec.js';
import { FileKeyValueStore } from './kv/file-store.js';
import { SealedKeyValueStore } from './kv/sealed-store.js';
import { stateKeys } from './state-keys.js';
import { TestDirectory, makeDevice, readText, text } from './test/devices.js';
import { CiphertextMessageType } from '@signalapp/libsignal-client';

const TEST_COST = { memoryCost: 256, timeCost: 1, parallelism: 1 };

describe('sealed device state', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parley-crypto-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is stored as sealed bytes, restored through the wrapped account key, and the session continues', async () => {
    const path = join(dir, 'alice.device');
    const accountKey = createAccountKey();
    const masterKey = createAccountKey();
    const byPassword = await wrapAccountKeyWithPassword(accountKey, 'correct horse', {
      cost: TEST_COST,
      context: 'user:alice',
    });
    const byMaster = wrapAccountKeyWithMasterKey(accountKey, masterKey, 'mk-1', {
      context: 'session:1',
    });

    const directory = new TestDirectory();
    const sealedKv = new SealedKeyValueStore(await FileKeyValueStore.open(path), accountKey);
    const { device: alice } = await makeDevice('alice', 1, { kv: sealedKv });
    const { device: bob } = await makeDevice('bob');
    await directory.publish(alice, bob);
    const marker = 'marker-7f3a91 the meeting moved to noon';
    await bob.decrypt(
      alice.address,
      await alice.encrypt(bob.address, text(marker), directory.fetcher(bob.address)),
    );
    await alice.decrypt(bob.address, await bob.encrypt(alice.address, text(marker)));
    const { epochKey } = await alice.newEpoch({ conversationId: 'c1', epoch: 0 }, []);

    const privateKey = IdentityKeyPair.deserialize(
      (await sealedKv.get(stateKeys.identity)) as Uint8Array<ArrayBuffer>,
    ).privateKey.serialize();
    const onDisk = await readFile(path);
    for (const secret of [privateKey, epochKey, text(marker)]) {
      expect(onDisk.includes(Buffer.from(secret))).toBe(false);
    }
    const entries = decodeEntries(onDisk);
    expect(entries.size).toBeGreaterThan(5);
    for (const value of entries.values())
      expect([...value.subarray(0, 3)]).toEqual([0x50, 0x53, 1]);

    // Restore in a "new process": only the file and a wrap of the account key.
    const restoredKey = await unwrapAccountKeyWithPassword(byPassword, 'correct horse', {
      context: 'user:alice',
    });
    expect(
      unwrapAccountKeyWithMasterKey(byMaster, new Map([['mk-1', masterKey]]), {
        context: 'session:1',
      }),
    ).toEqual(restoredKey);
    const restored = await Device.load(
      new SealedKeyValueStore(await FileKeyValueStore.open(path), restoredKey),
    );
    expect(restored.identityKey).toEqual(alice.identityKey);
    expect(restored.address).toEqual(alice.address);

    const toBob = await restored.encrypt(bob.address, text('still here'));
    expect(toBob[0]).toBe(CiphertextMessageType.Whisper);
    expect(readText(await bob.decrypt(alice.address, toBob))).toBe('still here');
    expect(
      readText(await restored.decrypt(bob.address, await bob.encrypt(alice.address, text('good')))),
    ).toBe('good');
    expect(await restored.epochKey({ conversationId: 'c1', epoch: 0 })).toEqual(epochKey);
  });

  it('does not open under another account key', async () => {
    const path = join(dir, 'alice.device');
    await makeDevice('alice', 1, {
      kv: new SealedKeyValueStore(await FileKeyValueStore.open(path), createAccountKey()),
    });
    const wrongKey = new SealedKeyValueStore(
      await FileKeyValueStore.open(path),
      createAccountKey(),
    );
    await expect(Device.load(wrongKey)).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
  });
});
