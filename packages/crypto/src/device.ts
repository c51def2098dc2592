import { IdentityChange, IdentityKeyPair } from '@signalapp/libsignal-client';
import { randomInt } from 'node:crypto';
import { requireAddress, toProtocolAddress, type DeviceAddress } from './address.js';
import { owned, requireInteger } from './bytes.js';
import {
  ecKey,
  type PreKeyBundle,
  type PreKeyUpload,
  type PublishedKeys,
  type SignedPreKeyUpload,
} from './bundle.js';
import { ContentKeys } from './content-keys.js';
import { openContent, sealContentWithKey, type ContentContext } from './content-seal.js';
import { DeviceCore, type DeviceOptions } from './device-core.js';
import { readDeviceRecord, writeDeviceRecord, type DeviceRecord } from './device-record.js';
import {
  loadEpochKey,
  newEpoch,
  receiveEpochKey,
  shareEpoch,
  type EpochMember,
  type EpochRef,
  type NewEpoch,
} from './epochs.js';
import { CryptoError } from './errors.js';
import type { KeyValueStore } from './kv/store.js';
import * as pairwise from './pairwise.js';
import {
  countOneTimeKeys,
  dropExpiredRetiredKeys,
  generateOneTimeKeys,
  generateSignedKeys,
  readPublishedKeys,
} from './prekeys.js';
import { stateKeys } from './state-keys.js';

export interface CreateDeviceOptions extends DeviceOptions {
  address: DeviceAddress;
  /** One-time EC prekeys and one-time Kyber prekeys to make now (each). Default 100. */
  preKeyCount?: number;
}

export interface ReplenishOptions {
  /** What the key directory still holds; defaults to what this device still holds. */
  remaining?: { preKeys: number; kyberPreKeys: number };
  /** Top up only when fewer than this remain. Default 20. */
  minimum?: number;
  /** Top up to this many. Default 100. */
  target?: number;
}

const DEFAULT_PREKEY_COUNT = 100;
const DEFAULT_PREKEY_MINIMUM = 20;
/** Replaced signed and last-resort prekeys stay this long for prekey messages still in flight. */
const RETIRED_KEY_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
const MAX_PREKEY_BATCH = 1000;

/**
 * A Signal device whose whole state lives in a caller's KeyValueStore. Every session operation is
 * serialised per remote device (and per device for key management), in this process and, through
 * `options.lock`, across processes.
 */
export class Device {
  private constructor(private readonly core: DeviceCore) {}

  /** Makes a new device in an empty store: identity, signed and last-resort prekeys, one-time prekeys. */
  static async create(kv: KeyValueStore, options: CreateDeviceOptions): Promise<Device> {
    const address = requireAddress(options?.address, 'address');
    const count = requireInteger(
      options.preKeyCount ?? DEFAULT_PREKEY_COUNT,
      'preKeyCount',
      0,
      MAX_PREKEY_BATCH,
    );
    const identity = IdentityKeyPair.generate();
    // Signal's registration ids are 14-bit and never 0.
    const registrationId = randomInt(1, 0x3fff);
    const core = new DeviceCore(kv, address, registrationId, identity, options);
    return core.withLock('device', async () => {
      if (await readDeviceRecord(kv)) {
        throw new CryptoError('DEVICE_EXISTS', 'the store already holds a device');
      }
      const now = core.now();
      const record: DeviceRecord = {
        version: 1,
        address,
        registrationId,
        lastPreKeyId: 0,
        signedPreKeyId: 0,
        kyberLastResortId: 0,
        signedPreKeyCreatedAt: 0,
        retired: [],
      };
      await kv.set(stateKeys.identity, identity.serialize());
      await generateSignedKeys(kv, identity, record, now);
      await generateOneTimeKeys(kv, identity, record, { preKeys: count, kyberPreKeys: count }, now);
      // Written last: a store holds a device once its record is there.
      await writeDeviceRecord(kv, record);
      return new Device(core);
    });
  }

  /** Opens the device in `kv`; NO_DEVICE when there is none. */
  static async load(kv: KeyValueStore, options: DeviceOptions = {}): Promise<Device> {
    const record = await readDeviceRecord(kv);
    const identityBytes = await kv.get(stateKeys.identity);
    if (!record || !identityBytes) throw new CryptoError('NO_DEVICE', 'the store holds no device');
    const identity = IdentityKeyPair.deserialize(owned(identityBytes));
    return new Device(new DeviceCore(kv, record.address, record.registrationId, identity, options));
  }

  get address(): DeviceAddress {
    return { ...this.core.address };
  }

  get registrationId(): number {
    return this.core.registrationId;
  }

  /** This device's serialized identity public key (33 bytes). */
  get identityKey(): Uint8Array {
    return this.core.identity.publicKey.serialize();
  }

  /** Everything to publish to the key directory. */
  async publishedKeys(): Promise<PublishedKeys> {
    return this.core.withLock('device', async () =>
      readPublishedKeys(this.core.kv, this.core.identity, await this.freshRecord()),
    );
  }

  /** New one-time prekeys to upload when fewer than `minimum` remain; empty lists otherwise. */
  async replenishPreKeys(options: ReplenishOptions = {}): Promise<PreKeyUpload> {
    const minimum = requireInteger(
      options.minimum ?? DEFAULT_PREKEY_MINIMUM,
      'minimum',
      0,
      MAX_PREKEY_BATCH,
    );
    const target = requireInteger(
      options.target ?? DEFAULT_PREKEY_COUNT,
      'target',
      minimum,
      MAX_PREKEY_BATCH,
    );
    return this.core.withLock('device', async () => {
      const remaining = options.remaining ?? (await countOneTimeKeys(this.core.kv));
      const preKeys = requireInteger(
        remaining.preKeys,
        'remaining.preKeys',
        0,
        Number.MAX_SAFE_INTEGER,
      );
      const kyberPreKeys = requireInteger(
        remaining.kyberPreKeys,
        'remaining.kyberPreKeys',
        0,
        Number.MAX_SAFE_INTEGER,
      );
      const counts = {
        preKeys: preKeys < minimum ? target - preKeys : 0,
        kyberPreKeys: kyberPreKeys < minimum ? target - kyberPreKeys : 0,
      };
      if (counts.preKeys === 0 && counts.kyberPreKeys === 0)
        return { preKeys: [], kyberPreKeys: [] };
      const record = await this.freshRecord();
      const upload = await generateOneTimeKeys(
        this.core.kv,
        this.core.identity,
        record,
        counts,
        this.core.now(),
      );
      await writeDeviceRecord(this.core.kv, record);
      return upload;
    });
  }

  /**
   * Replaces the signed prekey and the last-resort Kyber prekey (do it every week or so). The old
   * ones keep working for 30 days, for prekey messages already on their way, then are deleted.
   */
  async rotateSignedPreKey(): Promise<SignedPreKeyUpload> {
    return this.core.withLock('device', async () => {
      const record = await this.freshRecord();
      const now = this.core.now();
      record.retired.push({
        signedPreKeyId: record.signedPreKeyId,
        kyberLastResortId: record.kyberLastResortId,
        retiredAt: now.getTime(),
      });
      const upload = await generateSignedKeys(this.core.kv, this.core.identity, record, now);
      await dropExpiredRetiredKeys(this.core.kv, record, now, RETIRED_KEY_RETENTION_MS);
      await writeDeviceRecord(this.core.kv, record);
      return upload;
    });
  }

  /** When the signed prekey was made (ms since 1970), to schedule rotation. */
  async signedPreKeyCreatedAt(): Promise<number> {
    return (await this.freshRecord()).signedPreKeyCreatedAt;
  }

  /** Starts a session from a bundle (PQXDH), replacing any current one. */
  async establishSession(bundle: PreKeyBundle): Promise<void> {
    return pairwise.establishSession(this.core, bundle);
  }

  /** Whether a usable (not lapsed) session with `remote` exists. */
  async hasSession(remote: DeviceAddress): Promise<boolean> {
    return pairwise.hasSession(this.core, requireAddress(remote, 'remote'));
  }

  async encrypt(
    remote: DeviceAddress,
    plaintext: Uint8Array,
    options?: pairwise.EncryptOptions,
  ): Promise<pairwise.PairwiseEnvelope> {
    return pairwise.encrypt(this.core, remote, plaintext, options);
  }

  async decrypt(remote: DeviceAddress, envelope: pairwise.PairwiseEnvelope): Promise<Uint8Array> {
    return pairwise.decrypt(this.core, remote, envelope);
  }

  /** The identity key trusted for `remote`, if any. */
  async peerIdentity(remote: DeviceAddress): Promise<Uint8Array | undefined> {
    const key = await this.core
      .stores()
      .identity.getIdentity(toProtocolAddress(requireAddress(remote, 'remote')));
    return key?.serialize();
  }

  /**
   * Trusts a new identity key for `remote` after IDENTITY_CHANGED, once the user has been told
   * (their safety number changed). The session with the old identity is dropped, so the next
   * encrypt starts a new one from a fresh bundle; a waiting prekey message now decrypts.
   */
  async acceptIdentity(remote: DeviceAddress, identityKey: Uint8Array): Promise<void> {
    const address = requireAddress(remote, 'remote');
    const key = ecKey(identityKey, 'identityKey');
    return this.core.withSessionLock(address, async () => {
      const change = await this.core
        .stores()
        .identity.saveIdentity(toProtocolAddress(address), key);
      if (change === IdentityChange.ReplacedExisting) {
        await this.core.kv.delete(stateKeys.session(address));
      }
    });
  }

  /** Starts an epoch: see epochs.ts. */
  async newEpoch(ref: EpochRef, members: readonly EpochMember[]): Promise<NewEpoch> {
    return newEpoch(this.core, ref, members);
  }

  /** Sends the key of an epoch this device holds to more devices: see epochs.ts. */
  async shareEpoch(ref: EpochRef, members: readonly EpochMember[]): Promise<NewEpoch> {
    return shareEpoch(this.core, ref, members);
  }

  async receiveEpochKey(
    from: DeviceAddress,
    envelope: pairwise.PairwiseEnvelope,
    ref: EpochRef,
  ): Promise<Uint8Array> {
    return receiveEpochKey(this.core, from, envelope, ref);
  }

  /** The stored key of an epoch; NO_EPOCH_KEY when this device never received it. */
  async epochKey(ref: EpochRef): Promise<Uint8Array> {
    return loadEpochKey(this.core.kv, ref);
  }

  /** Seals content under the epoch key and signs it as this device (the sender). */
  async seal(
    content: Uint8Array,
    context: Omit<ContentContext, 'senderDevice'>,
  ): Promise<Uint8Array> {
    const epochKey = await this.epochKey(context);
    const full = { ...context, senderDevice: this.core.address };
    return sealContentWithKey(epochKey, this.core.identity.privateKey, content, full);
  }

  /** This device's signing key, to keep with epoch keys from `epochKey` (see ContentKeys). */
  contentKeys(): ContentKeys {
    return new ContentKeys(this.core.address, this.core.identity.privateKey);
  }

  /** Verifies the sender's signature and the context, then opens with the stored epoch key. */
  async open(
    sealed: Uint8Array,
    context: ContentContext,
    senderIdentityKey: Uint8Array,
  ): Promise<Uint8Array> {
    const epochKey = await this.epochKey(context);
    return openContent(epochKey, sealed, context, senderIdentityKey);
  }

  /** Re-reads the record: another Device object or process may have changed it. */
  private async freshRecord(): Promise<DeviceRecord> {
    const record = await readDeviceRecord(this.core.kv);
    if (!record) throw new CryptoError('NO_DEVICE', 'the device record is gone');
    return record;
  }
}
