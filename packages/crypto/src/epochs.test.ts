import { describe, expect, it } from 'vitest';
import type { DeviceAddress } from './address.js';
import {
  openContent,
  sealContentWithKey,
  verifyContent,
  type ContentContext,
} from './content-seal.js';
import type { Device } from './device.js';
import { CryptoError } from './errors.js';
import { IdentityKeyPair } from '@signalapp/libsignal-client';
import { stateKeys } from './state-keys.js';
import { TestDirectory, makeDevice, readText, text } from './test/devices.js';

const conversationId = 'conv-42';

async function group() {
  const directory = new TestDirectory();
  const made = await Promise.all(
    (
      [
        ['alice', 1],
        ['alice', 2],
        ['bob', 1],
        ['carol', 1],
        ['dave', 1],
      ] as const
    ).map(([user, id]) => makeDevice(user, id)),
  );
  const members = made.map((m) => m.device);
  /** Tests reach a private key through the device's own store. */
  const identityOf = async (device: Device) => {
    const kv = made.find((m) => m.device === device)?.kv;
    return IdentityKeyPair.deserialize(
      (await kv?.get(stateKeys.identity)) as Uint8Array<ArrayBuffer>,
    );
  };
  await directory.publish(...members);
  const [alice, alice2, bob, carol, dave] = members as [Device, Device, Device, Device, Device];
  const toMembers = (devices: Device[]) =>
    devices.map((d) => ({ address: d.address, ...directory.fetcher(d.address) }));

  /** `creator` starts an epoch for `devices`, and each device takes its envelope. */
  const startEpoch = async (creator: Device, epoch: number, devices: Device[]) => {
    const result = await creator.newEpoch({ conversationId, epoch }, toMembers(devices));
    expect(result.failures).toEqual([]);
    for (const { to, envelope } of result.envelopes) {
      const device = devices.find(
        (d) => d.address.userId === to.userId && d.address.deviceId === to.deviceId,
      );
      expect(
        await device?.receiveEpochKey(creator.address, envelope, { conversationId, epoch }),
      ).toEqual(result.epochKey);
    }
    return result;
  };
  return {
    directory,
    alice,
    alice2,
    bob,
    carol,
    dave,
    members,
    toMembers,
    startEpoch,
    identityOf,
  };
}

const context = (
  epoch: number,
  sender: DeviceAddress,
  clientMessageId: string,
): ContentContext => ({
  conversationId,
  epoch,
  senderDevice: sender,
  clientMessageId,
});

describe('conversation epochs', () => {
  it('shares an epoch key it holds with a device that joins later, and no other', async () => {
    const { alice, bob, carol, dave, toMembers, startEpoch } = await group();
    const first = await startEpoch(alice, 0, [alice, bob, carol]);
    await expect(dave.epochKey({ conversationId, epoch: 0 })).rejects.toMatchObject({
      code: 'NO_EPOCH_KEY',
    });
    const shared = await bob.shareEpoch({ conversationId, epoch: 0 }, toMembers([dave]));
    expect(shared.failures).toEqual([]);
    expect(shared.envelopes.map((e) => e.to)).toEqual([dave.address]);
    const [envelope] = shared.envelopes;
    await dave.receiveEpochKey(bob.address, envelope!.envelope, { conversationId, epoch: 0 });
    expect(await dave.epochKey({ conversationId, epoch: 0 })).toEqual(first.epochKey);
    // Only a key the device holds can be shared.
    await expect(
      dave.shareEpoch({ conversationId, epoch: 1 }, toMembers([carol])),
    ).rejects.toMatchObject({ code: 'NO_EPOCH_KEY' });
  });

  it('every member seals and opens; a removed member gets nothing of the next epoch', async () => {
    const { alice, alice2, bob, carol, dave, members, startEpoch } = await group();
    const first = await startEpoch(alice, 0, members);
    expect(first.envelopes.map((e) => e.to)).toHaveLength(4); // not to itself

    const sealed = await Promise.all(
      members.map(async (sender, i) => ({
        sender,
        ctx: context(0, sender.address, `m-${i}`),
        bytes: await sender.seal(text(`hello from ${i}`), {
          conversationId,
          epoch: 0,
          clientMessageId: `m-${i}`,
        }),
      })),
    );
    for (const reader of members) {
      for (const [i, message] of sealed.entries()) {
        expect(
          readText(await reader.open(message.bytes, message.ctx, message.sender.identityKey)),
        ).toBe(`hello from ${i}`);
      }
    }

    // Dave leaves: epoch 1 goes to everyone else.
    const second = await startEpoch(alice2, 1, [alice, alice2, bob, carol]);
    expect(second.envelopes.some((e) => e.to.userId === 'dave')).toBe(false);
    const later = await bob.seal(text('after dave left'), {
      conversationId,
      epoch: 1,
      clientMessageId: 'm-9',
    });
    const laterCtx = context(1, bob.address, 'm-9');
    expect(readText(await carol.open(later, laterCtx, bob.identityKey))).toBe('after dave left');
    await expect(dave.epochKey({ conversationId, epoch: 1 })).rejects.toMatchObject({
      code: 'NO_EPOCH_KEY',
    });
    await expect(dave.open(later, laterCtx, bob.identityKey)).rejects.toMatchObject({
      code: 'NO_EPOCH_KEY',
    });
    // Intercepting Bob's envelope does not help Dave: it is pairwise to Bob.
    const toBob = second.envelopes.find((e) => e.to.userId === 'bob')?.envelope as Uint8Array;
    await expect(
      dave.receiveEpochKey(alice2.address, toBob, { conversationId, epoch: 1 }),
    ).rejects.toBeInstanceOf(CryptoError);
    // The old epoch is still history Dave can read; his old key opens nothing new.
    expect(
      readText(
        await dave.open(
          sealed[2]?.bytes as Uint8Array,
          sealed[2]?.ctx as ContentContext,
          bob.identityKey,
        ),
      ),
    ).toBe('hello from 2');
    expect(() => openContent(first.epochKey, later, laterCtx, bob.identityKey)).toThrow(
      expect.objectContaining({ code: 'WRONG_KEY' }),
    );
  });

  it('fails loudly on every kind of tampering', async () => {
    const { alice, bob, dave, members, startEpoch, identityOf } = await group();
    const { epochKey } = await startEpoch(alice, 0, members);
    const ctx = context(0, bob.address, 'msg-1');
    const sealed = await bob.seal(text('the plan'), {
      conversationId,
      epoch: 0,
      clientMessageId: 'msg-1',
    });
    const expectCode = (code: string, run: () => unknown) =>
      expect(run).toThrow(expect.objectContaining({ name: 'CryptoError', code }));

    expect(readText(openContent(epochKey, sealed, ctx, bob.identityKey))).toBe('the plan');
    // Wrong key.
    expectCode('WRONG_KEY', () =>
      openContent(new Uint8Array(32).fill(7), sealed, ctx, bob.identityKey),
    );
    // A flipped bit anywhere: context digest, IV, ciphertext, tag, signature.
    for (const at of [3, 40, 47, 50, sealed.length - 70, sealed.length - 1]) {
      const flipped = new Uint8Array(sealed);
      flipped[at] = (flipped[at] as number) ^ 0x10;
      expectCode('BAD_SIGNATURE', () => openContent(epochKey, flipped, ctx, bob.identityKey));
    }
    // Forged sender: Dave holds the epoch key and seals as if he were Bob.
    const daveIdentity = await identityOf(dave);
    const forged = sealContentWithKey(epochKey, daveIdentity.privateKey, text('send money'), ctx);
    expectCode('BAD_SIGNATURE', () => openContent(epochKey, forged, ctx, bob.identityKey));
    // Bob's real message presented as Dave's.
    expectCode('BAD_SIGNATURE', () =>
      openContent(epochKey, sealed, { ...ctx, senderDevice: dave.address }, dave.identityKey),
    );
    // Moved to another conversation, epoch or message.
    expectCode('CONTEXT_MISMATCH', () =>
      openContent(epochKey, sealed, { ...ctx, conversationId: 'other' }, bob.identityKey),
    );
    expectCode('CONTEXT_MISMATCH', () =>
      openContent(epochKey, sealed, { ...ctx, epoch: 1 }, bob.identityKey),
    );
    expectCode('CONTEXT_MISMATCH', () =>
      openContent(epochKey, sealed, { ...ctx, clientMessageId: 'msg-2' }, bob.identityKey),
    );
    // Cut short, or from a future format.
    expectCode('MALFORMED', () =>
      openContent(epochKey, sealed.subarray(0, 100), ctx, bob.identityKey),
    );
    const future = new Uint8Array(sealed);
    future[2] = 9;
    expectCode('UNSUPPORTED_VERSION', () => openContent(epochKey, future, ctx, bob.identityKey));
    // Bad arguments name their field.
    expect(() => openContent(epochKey, sealed, { ...ctx, epoch: -1 }, bob.identityKey)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', field: 'context.epoch' }),
    );

    // The server checks signature and context without the key.
    expect(() => verifyContent(sealed, ctx, bob.identityKey)).not.toThrow();
    expectCode('CONTEXT_MISMATCH', () =>
      verifyContent(sealed, { ...ctx, clientMessageId: 'x' }, bob.identityKey),
    );
    expectCode('BAD_SIGNATURE', () => verifyContent(forged, ctx, bob.identityKey));
  });

  it('binds epoch-key envelopes to their conversation and epoch, and never overwrites a key', async () => {
    const { alice, bob, carol, directory } = await group();
    const result = await alice.newEpoch({ conversationId, epoch: 0 }, [
      { address: bob.address, ...directory.fetcher(bob.address) },
      { address: carol.address }, // no session, no bundle source
    ]);
    expect(result.failures).toEqual([
      { to: carol.address, error: expect.objectContaining({ code: 'NO_SESSION' }) },
    ]);
    const [toBob] = result.envelopes;
    await expect(
      bob.receiveEpochKey(alice.address, toBob?.envelope as Uint8Array, {
        conversationId: 'elsewhere',
        epoch: 0,
      }),
    ).rejects.toMatchObject({ code: 'CONTEXT_MISMATCH' });
    await expect(bob.epochKey({ conversationId, epoch: 0 })).rejects.toMatchObject({
      code: 'NO_EPOCH_KEY',
    });

    await expect(alice.newEpoch({ conversationId, epoch: 0 }, [])).rejects.toMatchObject({
      code: 'EPOCH_CONFLICT',
    });
    const again = await alice.newEpoch({ conversationId, epoch: 1 }, [{ address: bob.address }]);
    const fromCarol = await carol.newEpoch({ conversationId, epoch: 1 }, [
      { address: bob.address, ...directory.fetcher(bob.address) },
    ]);
    await bob.receiveEpochKey(alice.address, again.envelopes[0]?.envelope as Uint8Array, {
      conversationId,
      epoch: 1,
    });
    await expect(
      bob.receiveEpochKey(carol.address, fromCarol.envelopes[0]?.envelope as Uint8Array, {
        conversationId,
        epoch: 1,
      }),
    ).rejects.toMatchObject({ code: 'EPOCH_CONFLICT' });
    expect(await bob.epochKey({ conversationId, epoch: 1 })).toEqual(again.epochKey);
  });
  it('content keys kept out of a device seal and open as the device does, and only for kept epochs', async () => {
    const { alice, bob, members, startEpoch } = await group();
    await startEpoch(alice, 0, members);
    const kept = bob.contentKeys();
    const ref = { conversationId, epoch: 0 };
    expect(kept.has(ref)).toBe(false);
    expect(() => kept.seal(text('early'), { ...ref, clientMessageId: 'k-0' })).toThrow(
      expect.objectContaining({ code: 'NO_EPOCH_KEY' }),
    );
    kept.remember(ref, await bob.epochKey(ref));
    expect(kept.has(ref)).toBe(true);
    expect(kept.has({ conversationId, epoch: 1 })).toBe(false);

    const sealed = kept.seal(text('from kept keys'), { ...ref, clientMessageId: 'k-1' });
    const ctx = context(0, bob.address, 'k-1');
    expect(readText(await alice.open(sealed, ctx, bob.identityKey))).toBe('from kept keys');
    const fromDevice = await alice.seal(text('from the device'), {
      ...ref,
      clientMessageId: 'k-2',
    });
    expect(
      readText(kept.open(fromDevice, context(0, alice.address, 'k-2'), alice.identityKey)),
    ).toBe('from the device');
    // Kept keys sign as their device: presented as another sender, the signature fails.
    expect(() => kept.open(sealed, context(0, alice.address, 'k-1'), alice.identityKey)).toThrow(
      expect.objectContaining({ code: 'BAD_SIGNATURE' }),
    );
  });
});
