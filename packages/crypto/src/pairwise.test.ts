import {
  CiphertextMessageType,
  ProtocolAddress,
  SignalMessage,
  signalEncrypt,
} from '@signalapp/libsignal-client';
import { describe, expect, it } from 'vitest';
import { CryptoError } from './errors.js';
import type { Device } from './device.js';
import { SignalStores } from './signal-stores.js';
import { IdentityKeyPair } from '@signalapp/libsignal-client';
import { stateKeys } from './state-keys.js';
import { TestDirectory, makeDevice, readText, text } from './test/devices.js';

const DAY = 24 * 60 * 60 * 1000;

function shuffle<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** The ratchet counter of an ordinary (acknowledged-session) message, to spot reused keys. */
function counterOf(envelope: Uint8Array): number {
  expect(envelope[0]).toBe(CiphertextMessageType.Whisper);
  return SignalMessage.deserialize(new Uint8Array(envelope.subarray(1))).counter();
}

describe('pairwise sessions', () => {
  it('three devices exchange messages both ways, out of order, and refuse replays', async () => {
    const directory = new TestDirectory();
    const devices = await Promise.all(['alice', 'bob', 'carol'].map((user) => makeDevice(user)));
    await directory.publish(...devices.map((d) => d.device));

    const send = async (from: Device, to: Device, round: number) => {
      const sent: { envelope: Uint8Array; body: string }[] = [];
      for (let i = 0; i < 4; i++) {
        const body = `${from.address.userId}→${to.address.userId} round ${round} #${i}`;
        sent.push({
          envelope: await from.encrypt(to.address, text(body), directory.fetcher(to.address)),
          body,
        });
      }
      for (const { envelope, body } of shuffle(sent)) {
        expect(readText(await to.decrypt(from.address, envelope))).toBe(body);
      }
      for (const { envelope } of sent) {
        await expect(to.decrypt(from.address, envelope)).rejects.toMatchObject({
          code: 'DUPLICATE_MESSAGE',
        });
      }
      return sent;
    };

    for (let round = 0; round < 3; round++) {
      for (const { device: from } of devices) {
        for (const { device: to } of devices) {
          if (from !== to) await send(from, to, round);
        }
      }
    }
    // After replies, senders have moved from prekey messages to ordinary ones.
    const [alice, bob] = devices.map((d) => d.device) as [Device, Device];
    const [later] = await send(alice, bob, 3);
    expect(later?.envelope[0]).toBe(CiphertextMessageType.Whisper);
  });

  it('serialises concurrent encrypts and decrypts on one session: no message key reused', async () => {
    const directory = new TestDirectory();
    const { device: alice } = await makeDevice('alice');
    const { device: bob } = await makeDevice('bob');
    await directory.publish(alice, bob);
    await bob.decrypt(
      alice.address,
      await alice.encrypt(bob.address, text('hi'), directory.fetcher(bob.address)),
    );
    await alice.decrypt(bob.address, await bob.encrypt(alice.address, text('hello')));

    const fromBob = await Promise.all(
      Array.from({ length: 30 }, (_, i) => bob.encrypt(alice.address, text(`b${i}`))),
    );
    // Alice encrypts 30 and decrypts Bob's 30, all at once, on the same session.
    const [toBob, decrypted] = await Promise.all([
      Promise.all(Array.from({ length: 30 }, (_, i) => alice.encrypt(bob.address, text(`a${i}`)))),
      Promise.all(fromBob.map((envelope) => alice.decrypt(bob.address, envelope))),
    ]);
    expect(decrypted.map(readText)).toEqual(fromBob.map((_, i) => `b${i}`));
    expect(new Set(toBob.map(counterOf)).size).toBe(toBob.length);

    const order = shuffle(toBob.map((envelope, i) => ({ envelope, i })));
    const opened = await Promise.all(
      order.map(({ envelope }) => bob.decrypt(alice.address, envelope)),
    );
    expect(opened.map(readText)).toEqual(order.map(({ i }) => `a${i}`));
    const replays = await Promise.allSettled(toBob.map((e) => bob.decrypt(alice.address, e)));
    expect(
      replays.every((r) => r.status === 'rejected' && r.reason.code === 'DUPLICATE_MESSAGE'),
    ).toBe(true);
  });

  it('control: the same concurrent encrypts without the lock do reuse message keys', async () => {
    const directory = new TestDirectory();
    const { device: alice, kv } = await makeDevice('alice');
    const { device: bob } = await makeDevice('bob');
    await directory.publish(bob);
    await bob.decrypt(
      alice.address,
      await alice.encrypt(bob.address, text('hi'), directory.fetcher(bob.address)),
    );
    await alice.decrypt(bob.address, await bob.encrypt(alice.address, text('hello')));
    const identity = IdentityKeyPair.deserialize(
      (await kv.get(stateKeys.identity)) as Uint8Array<ArrayBuffer>,
    );
    const stores = new SignalStores(kv, identity, alice.registrationId);
    const messages = await Promise.all(
      Array.from({ length: 10 }, () =>
        signalEncrypt(
          text('x'),
          ProtocolAddress.new('bob', 1),
          ProtocolAddress.new('alice', 1),
          stores.session,
          stores.identity,
        ),
      ),
    );
    const counters = messages.map((m) => counterOf(Uint8Array.of(m.type(), ...m.serialize())));
    expect(new Set(counters).size).toBeLessThan(counters.length);
  });

  it('re-establishes a lapsed session from a fresh bundle', async () => {
    let now = Date.now();
    const clock = { now: () => new Date(now) };
    const directory = new TestDirectory();
    const { device: alice } = await makeDevice('alice', 1, clock);
    const { device: bob } = await makeDevice('bob', 1, clock);
    await directory.publish(bob);
    await bob.decrypt(
      alice.address,
      await alice.encrypt(bob.address, text('one'), directory.fetcher(bob.address)),
    );
    expect(await alice.hasSession(bob.address)).toBe(true);

    now += 40 * DAY;
    expect(await alice.hasSession(bob.address)).toBe(false);
    await expect(alice.encrypt(bob.address, text('two'))).rejects.toMatchObject({
      code: 'NO_SESSION',
    });
    let fetched = 0;
    const envelope = await alice.encrypt(bob.address, text('two'), {
      fetchBundle: async () => (fetched++, directory.bundle(bob.address)),
    });
    expect(fetched).toBe(1);
    expect(envelope[0]).toBe(CiphertextMessageType.PreKey);
    expect(readText(await bob.decrypt(alice.address, envelope))).toBe('two');
  });

  it('refuses a replayed prekey message after the session is lost (last-resort Kyber key)', async () => {
    const directory = new TestDirectory();
    const { device: bob, kv: bobKv } = await makeDevice('bob', 1, { preKeyCount: 0 });
    const { device: alice } = await makeDevice('alice');
    const { device: carol } = await makeDevice('carol');
    await directory.publish(bob);
    const first = await alice.encrypt(bob.address, text('first'), directory.fetcher(bob.address));
    expect(readText(await bob.decrypt(alice.address, first))).toBe('first');

    await bobKv.delete(stateKeys.session(alice.address));
    await expect(bob.decrypt(alice.address, first)).rejects.toMatchObject({
      code: 'PREKEY_REUSED',
    });
    // The last-resort key itself still serves new sessions.
    const fromCarol = await carol.encrypt(
      bob.address,
      text('carol'),
      directory.fetcher(bob.address),
    );
    expect(readText(await bob.decrypt(carol.address, fromCarol))).toBe('carol');
  });

  it('refuses a replayed prekey message after the session is lost (one-time keys)', async () => {
    const directory = new TestDirectory();
    const { device: bob, kv: bobKv } = await makeDevice('bob');
    const { device: alice } = await makeDevice('alice');
    await directory.publish(bob);
    const first = await alice.encrypt(bob.address, text('first'), directory.fetcher(bob.address));
    await bob.decrypt(alice.address, first);
    await bobKv.delete(stateKeys.session(alice.address));
    await expect(bob.decrypt(alice.address, first)).rejects.toMatchObject({
      code: 'PREKEY_REUSED',
    });
  });

  it('surfaces an identity-key change in both directions until it is accepted', async () => {
    const directory = new TestDirectory();
    const { device: alice } = await makeDevice('alice');
    const { device: bob } = await makeDevice('bob');
    await directory.publish(alice, bob);
    await bob.decrypt(
      alice.address,
      await alice.encrypt(bob.address, text('hi'), directory.fetcher(bob.address)),
    );

    // Bob reinstalls: same address, new identity.
    const { device: newBob } = await makeDevice('bob');
    await directory.publish(newBob);
    const error = await alice
      .establishSession(directory.bundle(bob.address))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CryptoError);
    expect(error).toMatchObject({ code: 'IDENTITY_CHANGED', address: bob.address });
    expect((error as CryptoError).identityKey).toEqual(newBob.identityKey);

    const fromNewBob = await newBob.encrypt(
      alice.address,
      text('new me'),
      directory.fetcher(alice.address),
    );
    await expect(alice.decrypt(bob.address, fromNewBob)).rejects.toMatchObject({
      code: 'IDENTITY_CHANGED',
      identityKey: newBob.identityKey,
    });
    expect(await alice.peerIdentity(bob.address)).toEqual(bob.identityKey);

    await alice.acceptIdentity(bob.address, newBob.identityKey);
    expect(await alice.peerIdentity(bob.address)).toEqual(newBob.identityKey);
    expect(await alice.hasSession(bob.address)).toBe(false); // the old identity's session is gone
    expect(readText(await alice.decrypt(bob.address, fromNewBob))).toBe('new me');
    const reply = await alice.encrypt(bob.address, text('welcome back'));
    expect(readText(await newBob.decrypt(alice.address, reply))).toBe('welcome back');
  });

  it('rejects bad bundles and envelopes with typed errors', async () => {
    const directory = new TestDirectory();
    const { device: alice } = await makeDevice('alice');
    const { device: bob } = await makeDevice('bob');
    await directory.publish(bob);
    const bundle = directory.bundle(bob.address);
    const forged = new Uint8Array(bundle.signedPreKey.signature);
    forged[5] = (forged[5] as number) ^ 1;
    await expect(
      alice.establishSession({
        ...bundle,
        signedPreKey: { ...bundle.signedPreKey, signature: forged },
      }),
    ).rejects.toMatchObject({ code: 'INVALID_BUNDLE' });
    await expect(
      alice.establishSession({ ...bundle, identityKey: new Uint8Array(3) }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'bundle.identityKey' });
    await expect(
      alice.encrypt(bob.address, text('x'), {
        fetchBundle: async () => directory.bundle(alice.address),
      }),
    ).rejects.toThrow('nothing published');
    await expect(alice.encrypt({ userId: 'bob', deviceId: 0 }, text('x'))).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      field: 'remote.deviceId',
    });

    await expect(bob.decrypt(alice.address, Uint8Array.of(9, 1, 2))).rejects.toMatchObject({
      code: 'MALFORMED',
    });
    await expect(bob.decrypt(alice.address, Uint8Array.of(2, 1, 2))).rejects.toMatchObject({
      code: 'MALFORMED',
    });
    await alice.establishSession(directory.bundle(bob.address));
    const envelope = await alice.encrypt(bob.address, text('x'));
    const flipped = new Uint8Array(envelope);
    flipped[flipped.length - 3] = (flipped[flipped.length - 3] as number) ^ 1;
    await expect(bob.decrypt(alice.address, flipped)).rejects.toMatchObject({
      code: 'INVALID_MESSAGE',
    });
    expect(readText(await bob.decrypt(alice.address, envelope))).toBe('x');
  });
});
