import { KEMPublicKey, PublicKey } from '@signalapp/libsignal-client';
import { describe, expect, it } from 'vitest';
import { Device } from './device.js';
import { MemoryKeyValueStore } from './kv/memory-store.js';
import { TestDirectory, makeDevice, readText, text } from './test/devices.js';

const DAY = 24 * 60 * 60 * 1000;
const own = (bytes: Uint8Array) => new Uint8Array(bytes);

describe('Device', () => {
  it('creates a device whose published keys are all signed by its identity key', async () => {
    const kv = new MemoryKeyValueStore();
    const device = await Device.create(kv, { address: { userId: 'u-1', deviceId: 2 } });
    const keys = await device.publishedKeys();
    expect(keys.address).toEqual({ userId: 'u-1', deviceId: 2 });
    expect(keys.registrationId).toBe(device.registrationId);
    expect(keys.identityKey).toEqual(device.identityKey);
    expect(keys.preKeys).toHaveLength(100);
    expect(keys.kyberPreKeys).toHaveLength(100);
    const ids = [
      keys.signedPreKey,
      keys.kyberLastResortPreKey,
      ...keys.preKeys,
      ...keys.kyberPreKeys,
    ].map((k) => k.id);
    expect(new Set(ids).size).toBe(ids.length);

    const identity = PublicKey.deserialize(own(keys.identityKey));
    for (const signed of [keys.signedPreKey, keys.kyberLastResortPreKey, ...keys.kyberPreKeys]) {
      expect(identity.verify(own(signed.publicKey), own(signed.signature))).toBe(true);
    }
    expect(() => KEMPublicKey.deserialize(own(keys.kyberLastResortPreKey.publicKey))).not.toThrow();

    const loaded = await Device.load(kv);
    expect(loaded.identityKey).toEqual(device.identityKey);
    expect(loaded.registrationId).toBe(device.registrationId);
    expect(loaded.address).toEqual(device.address);
  });

  it('refuses to create over a device or load from an empty store, and names bad input', async () => {
    const { kv } = await makeDevice('alice');
    await expect(
      Device.create(kv, { address: { userId: 'alice', deviceId: 1 } }),
    ).rejects.toMatchObject({
      code: 'DEVICE_EXISTS',
    });
    await expect(Device.load(new MemoryKeyValueStore())).rejects.toMatchObject({
      code: 'NO_DEVICE',
    });
    await expect(
      Device.create(new MemoryKeyValueStore(), { address: { userId: '', deviceId: 1 } }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'address.userId' });
    await expect(
      Device.create(new MemoryKeyValueStore(), { address: { userId: 'a', deviceId: 128 } }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'address.deviceId' });
    await expect(
      Device.create(new MemoryKeyValueStore(), {
        address: { userId: 'a', deviceId: 1 },
        preKeyCount: -1,
      }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'preKeyCount' });
  });

  it('replenishes one-time prekeys when they run low', async () => {
    const directory = new TestDirectory();
    const { device: bob } = await makeDevice('bob', 1, { preKeyCount: 4 });
    await directory.publish(bob);
    for (const user of ['a', 'b', 'c']) {
      const { device: sender } = await makeDevice(user);
      await bob.decrypt(
        sender.address,
        await sender.encrypt(bob.address, text('hi'), directory.fetcher(bob.address)),
      );
    }
    expect(await bob.replenishPreKeys({ minimum: 1, target: 10 })).toEqual({
      preKeys: [],
      kyberPreKeys: [],
    });
    const upload = await bob.replenishPreKeys({ minimum: 2, target: 10 });
    expect(upload.preKeys).toHaveLength(9);
    expect(upload.kyberPreKeys).toHaveLength(9);
    const keys = await bob.publishedKeys();
    expect(keys.preKeys).toHaveLength(10);
    expect(keys.kyberPreKeys.map((k) => k.id)).toEqual(
      expect.arrayContaining(upload.kyberPreKeys.map((k) => k.id)),
    );

    // The directory's own count can drive it too.
    const byServer = await bob.replenishPreKeys({ remaining: { preKeys: 0, kyberPreKeys: 50 } });
    expect(byServer.preKeys).toHaveLength(100);
    expect(byServer.kyberPreKeys).toHaveLength(0);
    await expect(bob.replenishPreKeys({ minimum: 5, target: 2 })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      field: 'target',
    });
  });

  it('rotates the signed prekey; the old one serves in-flight messages for 30 days', async () => {
    let now = Date.now();
    const clock = { now: () => new Date(now) };
    const directory = new TestDirectory();
    const { device: bob } = await makeDevice('bob', 1, { ...clock, preKeyCount: 0 });
    await directory.publish(bob);
    const staleBundle = directory.bundle(bob.address);
    const before = await bob.signedPreKeyCreatedAt();

    now += 7 * DAY;
    const rotated = await bob.rotateSignedPreKey();
    expect(rotated.signedPreKey.id).not.toBe(staleBundle.signedPreKey.id);
    expect(rotated.kyberLastResortPreKey.id).not.toBe(staleBundle.kyberPreKey.id);
    expect(await bob.signedPreKeyCreatedAt()).toBeGreaterThan(before);
    expect((await bob.publishedKeys()).signedPreKey).toEqual(rotated.signedPreKey);

    const { device: early } = await makeDevice('early', 1, clock);
    await early.establishSession(staleBundle);
    expect(
      readText(
        await bob.decrypt(early.address, await early.encrypt(bob.address, text('in flight'))),
      ),
    ).toBe('in flight');

    now += 31 * DAY;
    await bob.rotateSignedPreKey();
    const { device: late } = await makeDevice('late', 1, clock);
    await late.establishSession(staleBundle);
    await expect(
      bob.decrypt(late.address, await late.encrypt(bob.address, text('too late'))),
    ).rejects.toMatchObject({
      code: 'INVALID_MESSAGE',
      message: expect.stringContaining(`signed prekey ${staleBundle.signedPreKey.id} is unknown`),
    });
  });
});
