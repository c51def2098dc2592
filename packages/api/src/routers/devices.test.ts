import { Device, MemoryKeyValueStore, type PreKeyBundle, type PublishedKeys } from '@parley/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbKinds } from '@parley/db/testing';
import type { TPreKeyBundleOut } from '../devices/key-schemas.js';
import { failure, signedUp } from '../test/client.js';
import { startTestApi, type TestApi } from '../test/harness.js';

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));

function encodeKeys(keys: PublishedKeys) {
  const signed = (k: { id: number; publicKey: Uint8Array; signature: Uint8Array }) => ({
    id: k.id,
    publicKey: b64(k.publicKey),
    signature: b64(k.signature),
  });
  return {
    address: keys.address,
    registrationId: keys.registrationId,
    identityKey: b64(keys.identityKey),
    signedPreKey: signed(keys.signedPreKey),
    kyberLastResortPreKey: signed(keys.kyberLastResortPreKey),
    preKeys: keys.preKeys.map((k) => ({ id: k.id, publicKey: b64(k.publicKey) })),
    kyberPreKeys: keys.kyberPreKeys.map(signed),
  };
}

function decodeBundle(bundle: TPreKeyBundleOut): PreKeyBundle {
  const signed = (k: { id: number; publicKey: string; signature: string }) => ({
    id: k.id,
    publicKey: bytes(k.publicKey),
    signature: bytes(k.signature),
  });
  return {
    address: bundle.address,
    registrationId: bundle.registrationId,
    identityKey: bytes(bundle.identityKey),
    signedPreKey: signed(bundle.signedPreKey),
    kyberPreKey: signed(bundle.kyberPreKey),
    preKey: bundle.preKey && { id: bundle.preKey.id, publicKey: bytes(bundle.preKey.publicKey) },
  };
}

/** A signed-up user with an SDK device (number 2) published to the directory. */
async function userWithDevice(api: TestApi, username: string, preKeyCount = 5) {
  const { client, user } = await signedUp(api.url, username);
  const device = await Device.create(new MemoryKeyValueStore(), {
    address: { userId: user.id, deviceId: 2 },
    preKeyCount,
  });
  const keys = encodeKeys(await device.publishedKeys());
  await client.trpc.devices.register.mutate({ kind: 'sdk', name: 'test', keys });
  return { client, user, device, keys };
}

describe.each(testDbKinds())('key directory and inboxes on %s', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(kind);
  });
  afterAll(() => api.close());

  it('carries a Signal session from a fetched bundle through the inbox', async () => {
    const alice = await userWithDevice(api, 'kd_alice');
    const bob = await userWithDevice(api, 'kd_bob');
    const bundles = await bob.client.trpc.devices.bundles.mutate({ userId: alice.user.id });
    // Every user also has the hosted device (number 1) that serves their browsers.
    expect(bundles.map((b) => b.address.deviceId)).toEqual([1, 2]);
    const bundle = bundles.find((b) => b.address.deviceId === 2);
    const envelope = await bob.device.encrypt(
      alice.device.address,
      new TextEncoder().encode('hello alice'),
      { fetchBundle: async () => decodeBundle(bundle!) },
    );
    await bob.client.trpc.devices.send.mutate({
      fromDeviceId: 2,
      envelopes: [{ to: alice.device.address, envelope: b64(envelope) }],
    });

    const inbox = await alice.client.trpc.devices.inbox.query({ deviceId: 2 });
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.from).toEqual(bob.device.address);
    const plain = await alice.device.decrypt(inbox[0]!.from, bytes(inbox[0]!.envelope));
    expect(new TextDecoder().decode(plain)).toBe('hello alice');

    await alice.client.trpc.devices.acknowledge.mutate({ deviceId: 2, ids: [inbox[0]!.id] });
    expect(await alice.client.trpc.devices.inbox.query({ deviceId: 2 })).toEqual([]);
  });

  it('hands out each one-time prekey exactly once under concurrent fetches', async () => {
    const target = await userWithDevice(api, 'kd_target', 10);
    const { client: fetcher } = await signedUp(api.url, 'kd_fetcher');
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetcher.trpc.devices.bundles.mutate({ userId: target.user.id }),
      ),
    );
    const sdkBundles = results.map((bundles) => bundles.find((b) => b.address.deviceId === 2)!);
    const preKeyIds = sdkBundles.map((b) => b.preKey?.id).filter((id) => id !== undefined);
    const kyberIds = sdkBundles.map((b) => b.kyberPreKey.id);
    expect(preKeyIds).toHaveLength(10);
    expect(new Set(preKeyIds).size).toBe(10);
    // One-time Kyber keys are unique too; once gone, the last-resort key is handed out.
    const lastResort = target.keys.kyberLastResortPreKey.id;
    const oneTimeKyber = kyberIds.filter((id) => id !== lastResort);
    expect(new Set(oneTimeKyber).size).toBe(10);
    expect(kyberIds.filter((id) => id === lastResort)).toHaveLength(10);
    expect(await target.client.trpc.devices.prekeyCounts.query({ deviceId: 2 })).toEqual({
      preKeys: 0,
      kyberPreKeys: 0,
    });

    const upload = await target.device.replenishPreKeys({
      remaining: { preKeys: 0, kyberPreKeys: 0 },
    });
    await target.client.trpc.devices.replenish.mutate({
      deviceId: 2,
      upload: encodeKeys({ ...(await target.device.publishedKeys()), ...upload }),
    });
    expect(await target.client.trpc.devices.prekeyCounts.query({ deviceId: 2 })).toMatchObject({
      preKeys: upload.preKeys.length,
    });
  });

  it("refuses to act on another user's devices", async () => {
    const owner = await userWithDevice(api, 'kd_owner');
    const { client: intruder, user } = await signedUp(api.url, 'kd_intruder');
    const notMine = { deviceId: 2 };
    expect(await failure(intruder.trpc.devices.inbox.query(notMine))).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(
      await failure(
        intruder.trpc.devices.send.mutate({
          fromDeviceId: 2,
          envelopes: [{ to: { userId: user.id, deviceId: 2 }, envelope: 'AAAA' }],
        }),
      ),
    ).toMatchObject({ code: 'NOT_FOUND', data: { field: 'deviceId' } });
    expect(
      await failure(
        intruder.trpc.devices.register.mutate({ kind: 'sdk', name: 'x', keys: owner.keys }),
      ),
    ).toMatchObject({ code: 'FORBIDDEN', data: { field: 'keys.address.userId' } });
    // The owner's inbox is untouched and still theirs.
    expect(await owner.client.trpc.devices.inbox.query(notMine)).toEqual([]);
  });

  it('keeps device numbers unique and device 1 for the hosted device', async () => {
    const first = await userWithDevice(api, 'kd_numbers');
    expect(
      await failure(
        first.client.trpc.devices.register.mutate({ kind: 'sdk', name: 'again', keys: first.keys }),
      ),
    ).toMatchObject({ code: 'CONFLICT', data: { field: 'keys.address.deviceId' } });
    const hostedNumber = { ...first.keys, address: { ...first.keys.address, deviceId: 1 } };
    expect(
      await failure(
        first.client.trpc.devices.register.mutate({ kind: 'sdk', name: 'h', keys: hostedNumber }),
      ),
    ).toMatchObject({ code: 'BAD_REQUEST', data: { field: 'keys.address.deviceId' } });
  });

  it('names the bad field of a malformed bundle upload', async () => {
    const { client } = await signedUp(api.url, 'kd_malformed');
    const result = await failure(
      client.trpc.devices.replenish.mutate({
        deviceId: 2,
        upload: { preKeys: [{ id: 1, publicKey: 'not base64!' }], kyberPreKeys: [] },
      }),
    );
    expect(result).toMatchObject({
      code: 'BAD_REQUEST',
      data: { field: 'upload.preKeys.0.publicKey' },
    });
  });
});
