import {
  KEMPublicKey,
  PreKeyBundle as SignalPreKeyBundle,
  PublicKey,
  type KyberPreKeyRecord,
  type PreKeyRecord,
  type SignedPreKeyRecord,
} from '@signalapp/libsignal-client';
import { requireAddress, type DeviceAddress } from './address.js';
import { owned, requireBytes, requireInteger } from './bytes.js';
import { invalidInput } from './errors.js';

export const MAX_PREKEY_ID = 0xffffff;

/** A one-time EC prekey as the key directory holds it. */
export interface PublicPreKey {
  id: number;
  publicKey: Uint8Array;
}

/** A signed prekey (EC or Kyber): the signature is the device identity key's over `publicKey`. */
export interface SignedPublicPreKey {
  id: number;
  publicKey: Uint8Array;
  signature: Uint8Array;
}

/** Everything a device publishes to the key directory. */
export interface PublishedKeys {
  address: DeviceAddress;
  registrationId: number;
  /** Serialized identity public key (33 bytes). */
  identityKey: Uint8Array;
  signedPreKey: SignedPublicPreKey;
  /** Handed out when the one-time Kyber prekeys run out; never deleted by use. */
  kyberLastResortPreKey: SignedPublicPreKey;
  preKeys: PublicPreKey[];
  kyberPreKeys: SignedPublicPreKey[];
}

/** New one-time prekeys to add to the directory (from Device.replenishPreKeys). */
export interface PreKeyUpload {
  preKeys: PublicPreKey[];
  kyberPreKeys: SignedPublicPreKey[];
}

/** New signed and last-resort prekeys that replace the published ones (from rotateSignedPreKey). */
export interface SignedPreKeyUpload {
  signedPreKey: SignedPublicPreKey;
  kyberLastResortPreKey: SignedPublicPreKey;
}

/**
 * What the directory hands out to start one session: the device's signed prekey, one Kyber prekey
 * (a one-time one while any remain, else the last-resort one) and, while any remain, one one-time
 * EC prekey. Each one-time key must be handed out once only.
 */
export interface PreKeyBundle {
  address: DeviceAddress;
  registrationId: number;
  identityKey: Uint8Array;
  signedPreKey: SignedPublicPreKey;
  kyberPreKey: SignedPublicPreKey;
  preKey?: PublicPreKey | null;
}

export function publicPreKey(record: PreKeyRecord): PublicPreKey {
  return { id: record.id(), publicKey: record.publicKey().serialize() };
}

export function signedPublicPreKey(
  record: SignedPreKeyRecord | KyberPreKeyRecord,
): SignedPublicPreKey {
  return {
    id: record.id(),
    publicKey: record.publicKey().serialize(),
    signature: record.signature(),
  };
}

/** Validates a bundle from the network field by field and builds libsignal's form of it. */
export function toSignalBundle(bundle: PreKeyBundle, field = 'bundle'): SignalPreKeyBundle {
  if (typeof bundle !== 'object' || bundle === null) throw invalidInput(field, 'must be an object');
  const address = requireAddress(bundle.address, `${field}.address`);
  const registrationId = requireInteger(
    bundle.registrationId,
    `${field}.registrationId`,
    1,
    0x3fff,
  );
  const identityKey = ecKey(bundle.identityKey, `${field}.identityKey`);
  const signed = signedKey(bundle.signedPreKey, `${field}.signedPreKey`);
  const kyber = signedKey(bundle.kyberPreKey, `${field}.kyberPreKey`);
  let preKey: { id: number; key: PublicKey } | undefined;
  if (bundle.preKey != null) {
    preKey = {
      id: requireInteger(bundle.preKey.id, `${field}.preKey.id`, 1, MAX_PREKEY_ID),
      key: ecKey(bundle.preKey.publicKey, `${field}.preKey.publicKey`),
    };
  }
  let kyberKey: KEMPublicKey;
  try {
    kyberKey = KEMPublicKey.deserialize(owned(kyber.publicKey));
  } catch {
    throw invalidInput(`${field}.kyberPreKey.publicKey`, 'is not a Kyber public key');
  }
  return SignalPreKeyBundle.new(
    registrationId,
    address.deviceId,
    preKey?.id ?? null,
    preKey?.key ?? null,
    signed.id,
    ecKey(signed.publicKey, `${field}.signedPreKey.publicKey`),
    owned(signed.signature),
    identityKey,
    kyber.id,
    kyberKey,
    owned(kyber.signature),
  );
}

function signedKey(value: SignedPublicPreKey, field: string): SignedPublicPreKey {
  if (typeof value !== 'object' || value === null) throw invalidInput(field, 'must be an object');
  return {
    id: requireInteger(value.id, `${field}.id`, 1, MAX_PREKEY_ID),
    publicKey: requireBytes(value.publicKey, `${field}.publicKey`),
    signature: requireBytes(value.signature, `${field}.signature`, 64),
  };
}

/** Deserializes a caller-supplied EC public key, naming the field when it is not one. */
export function ecKey(value: unknown, field: string): PublicKey {
  const bytes = requireBytes(value, field);
  try {
    return PublicKey.deserialize(owned(bytes));
  } catch {
    throw invalidInput(field, 'is not a serialized public key');
  }
}
