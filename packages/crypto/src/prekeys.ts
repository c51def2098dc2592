import {
  KEMKeyPair,
  KyberPreKeyRecord,
  PreKeyRecord,
  PrivateKey,
  SignedPreKeyRecord,
  type IdentityKeyPair,
} from '@signalapp/libsignal-client';
import { owned, type OwnedBytes } from './bytes.js';
import { CryptoError } from './errors.js';
import {
  MAX_PREKEY_ID,
  publicPreKey,
  signedPublicPreKey,
  type PreKeyUpload,
  type PublishedKeys,
  type SignedPreKeyUpload,
} from './bundle.js';
import type { DeviceRecord } from './device-record.js';
import type { KeyValueStore } from './kv/store.js';
import { stateKeys } from './state-keys.js';

function nextId(record: DeviceRecord): number {
  record.lastPreKeyId = (record.lastPreKeyId % MAX_PREKEY_ID) + 1;
  return record.lastPreKeyId;
}

/** A new signed prekey and last-resort Kyber prekey, stored and made current in `record`. */
export async function generateSignedKeys(
  kv: KeyValueStore,
  identity: IdentityKeyPair,
  record: DeviceRecord,
  now: Date,
): Promise<SignedPreKeyUpload> {
  const ecKey = PrivateKey.generate();
  const ecPublic = ecKey.getPublicKey();
  const signed = SignedPreKeyRecord.new(
    nextId(record),
    now.getTime(),
    ecPublic,
    ecKey,
    identity.privateKey.sign(ecPublic.serialize()),
  );
  const lastResort = newKyberRecord(identity, nextId(record), now);
  await kv.set(stateKeys.signedPreKey(signed.id()), signed.serialize());
  await kv.set(stateKeys.kyberLastResort(lastResort.id()), lastResort.serialize());
  record.signedPreKeyId = signed.id();
  record.kyberLastResortId = lastResort.id();
  record.signedPreKeyCreatedAt = now.getTime();
  return {
    signedPreKey: signedPublicPreKey(signed),
    kyberLastResortPreKey: signedPublicPreKey(lastResort),
  };
}

/** `count` new one-time EC prekeys and as many one-time Kyber prekeys, stored. */
export async function generateOneTimeKeys(
  kv: KeyValueStore,
  identity: IdentityKeyPair,
  record: DeviceRecord,
  counts: { preKeys: number; kyberPreKeys: number },
  now: Date,
): Promise<PreKeyUpload> {
  const upload: PreKeyUpload = { preKeys: [], kyberPreKeys: [] };
  for (let i = 0; i < counts.preKeys; i++) {
    const key = PrivateKey.generate();
    const preKey = PreKeyRecord.new(nextId(record), key.getPublicKey(), key);
    await kv.set(stateKeys.preKey(preKey.id()), preKey.serialize());
    upload.preKeys.push(publicPreKey(preKey));
  }
  for (let i = 0; i < counts.kyberPreKeys; i++) {
    const kyber = newKyberRecord(identity, nextId(record), now);
    await kv.set(stateKeys.kyberPreKey(kyber.id()), kyber.serialize());
    upload.kyberPreKeys.push(signedPublicPreKey(kyber));
  }
  return upload;
}

function newKyberRecord(identity: IdentityKeyPair, id: number, now: Date): KyberPreKeyRecord {
  const pair = KEMKeyPair.generate();
  const signature = identity.privateKey.sign(pair.getPublicKey().serialize());
  return KyberPreKeyRecord.new(id, now.getTime(), pair, signature);
}

/** How many one-time prekeys this device still holds (an upper bound on what the directory has). */
export async function countOneTimeKeys(
  kv: KeyValueStore,
): Promise<{ preKeys: number; kyberPreKeys: number }> {
  const [preKeys, kyberPreKeys] = await Promise.all([
    kv.keys(stateKeys.preKeyPrefix),
    kv.keys(stateKeys.kyberPreKeyPrefix),
  ]);
  return { preKeys: preKeys.length, kyberPreKeys: kyberPreKeys.length };
}

/** The public half of everything current, for a first publish or a full re-publish. */
export async function readPublishedKeys(
  kv: KeyValueStore,
  identity: IdentityKeyPair,
  record: DeviceRecord,
): Promise<PublishedKeys> {
  const signed = SignedPreKeyRecord.deserialize(
    owned(await required(kv, stateKeys.signedPreKey(record.signedPreKeyId))),
  );
  const lastResort = KyberPreKeyRecord.deserialize(
    owned(await required(kv, stateKeys.kyberLastResort(record.kyberLastResortId))),
  );
  const [preKeyNames, kyberNames] = await Promise.all([
    kv.keys(stateKeys.preKeyPrefix),
    kv.keys(stateKeys.kyberPreKeyPrefix),
  ]);
  // A one-time key listed here may be consumed by a concurrent decrypt before it is read: skip it.
  const preKeys = await readEach(kv, preKeyNames, (bytes) =>
    publicPreKey(PreKeyRecord.deserialize(bytes)),
  );
  const kyberPreKeys = await readEach(kv, kyberNames, (bytes) =>
    signedPublicPreKey(KyberPreKeyRecord.deserialize(bytes)),
  );
  const byId = (a: { id: number }, b: { id: number }) => a.id - b.id;
  return {
    address: record.address,
    registrationId: record.registrationId,
    identityKey: identity.publicKey.serialize(),
    signedPreKey: signedPublicPreKey(signed),
    kyberLastResortPreKey: signedPublicPreKey(lastResort),
    preKeys: preKeys.sort(byId),
    kyberPreKeys: kyberPreKeys.sort(byId),
  };
}

/** Deletes retired signed/last-resort keys (and their Kyber reuse records) past retention. */
export async function dropExpiredRetiredKeys(
  kv: KeyValueStore,
  record: DeviceRecord,
  now: Date,
  retentionMs: number,
): Promise<void> {
  const keep: DeviceRecord['retired'] = [];
  for (const retired of record.retired) {
    if (now.getTime() - retired.retiredAt < retentionMs) {
      keep.push(retired);
      continue;
    }
    await kv.delete(stateKeys.signedPreKey(retired.signedPreKeyId));
    await kv.delete(stateKeys.kyberLastResort(retired.kyberLastResortId));
    for (const used of await kv.keys(stateKeys.kyberUsedPrefix(retired.kyberLastResortId))) {
      await kv.delete(used);
    }
  }
  record.retired = keep;
}

async function required(kv: KeyValueStore, key: string): Promise<Uint8Array> {
  const bytes = await kv.get(key);
  if (!bytes) throw new CryptoError('MALFORMED', `device state is missing ${key}`);
  return bytes;
}

async function readEach<T>(
  kv: KeyValueStore,
  names: string[],
  parse: (bytes: OwnedBytes) => T,
): Promise<T[]> {
  const values = await Promise.all(names.map((name) => kv.get(name)));
  return values.flatMap((bytes) => (bytes ? [parse(owned(bytes))] : []));
}
