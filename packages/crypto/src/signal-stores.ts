import {
  IdentityChange,
  IdentityKeyStore,
  KyberPreKeyRecord,
  KyberPreKeyStore,
  PreKeyRecord,
  PreKeyStore,
  PublicKey,
  SessionRecord,
  SessionStore,
  SignedPreKeyRecord,
  SignedPreKeyStore,
  type Direction,
  type IdentityKeyPair,
  type PrivateKey,
  type ProtocolAddress,
} from '@signalapp/libsignal-client';
import { fromProtocolAddress } from './address.js';
import { owned } from './bytes.js';
import { CryptoError } from './errors.js';
import type { KeyValueStore } from './kv/store.js';
import { stateKeys } from './state-keys.js';

// libsignal's five store interfaces over one KeyValueStore. Records are kept as their serialized
// bytes; every missing key throws, as libsignal requires. libsignal turns an error thrown by a store
// into a generic error carrying only its text, so each store also records what it threw in a
// shared slot, and `SignalStores.run` rethrows that typed error.
//
// Stores live for one locked operation, so the session and peer-identity stores remember what they
// read or wrote: libsignal reads each several times per message, and each read may be a query.

/** Read-through memo of one operation's reads and writes for one kind of value. */
class Memo {
  private readonly values = new Map<string, Uint8Array | undefined>();

  constructor(private readonly kv: KeyValueStore) {}

  async get(key: string): Promise<Uint8Array | undefined> {
    if (this.values.has(key)) return this.values.get(key);
    const value = await this.kv.get(key);
    this.values.set(key, value);
    return value;
  }

  async set(key: string, value: Uint8Array): Promise<void> {
    await this.kv.set(key, value);
    this.values.set(key, value);
  }
}

class FailureSlot {
  error: CryptoError | undefined;

  record(error: CryptoError): CryptoError {
    this.error ??= error;
    return error;
  }
}

/** The five stores for one operation on one device. Cheap: make one per operation. */
export class SignalStores {
  private readonly failure = new FailureSlot();
  readonly session: KvSessionStore;
  readonly identity: KvIdentityStore;
  readonly preKey: KvPreKeyStore;
  readonly signedPreKey: KvSignedPreKeyStore;
  readonly kyberPreKey: KvKyberPreKeyStore;

  constructor(kv: KeyValueStore, identity: IdentityKeyPair, registrationId: number) {
    this.session = new KvSessionStore(kv, this.failure);
    this.identity = new KvIdentityStore(kv, this.failure, identity, registrationId);
    this.preKey = new KvPreKeyStore(kv, this.failure);
    this.signedPreKey = new KvSignedPreKeyStore(kv, this.failure);
    this.kyberPreKey = new KvKyberPreKeyStore(kv, this.failure);
  }

  /** Runs a libsignal call; a store's typed error wins over libsignal's wrapper of it. */
  async run<T>(call: () => Promise<T>, mapError: (error: unknown) => Error): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw this.failure.error ?? mapError(error);
    }
  }
}

class KvSessionStore extends SessionStore {
  private readonly memo: Memo;

  constructor(
    kv: KeyValueStore,
    private readonly failure: FailureSlot,
  ) {
    super();
    this.memo = new Memo(kv);
  }

  async saveSession(address: ProtocolAddress, record: SessionRecord): Promise<void> {
    await this.memo.set(stateKeys.session(fromProtocolAddress(address)), record.serialize());
  }

  async getSession(address: ProtocolAddress): Promise<SessionRecord | null> {
    const bytes = await this.memo.get(stateKeys.session(fromProtocolAddress(address)));
    return bytes ? SessionRecord.deserialize(owned(bytes)) : null;
  }

  async getExistingSessions(addresses: ProtocolAddress[]): Promise<SessionRecord[]> {
    return Promise.all(
      addresses.map(async (address) => {
        const record = await this.getSession(address);
        if (!record) {
          throw this.failure.record(
            new CryptoError('NO_SESSION', `no session with ${address.toString()}`, {
              address: fromProtocolAddress(address),
            }),
          );
        }
        return record;
      }),
    );
  }
}

/**
 * Trust on first use, then strict: a remote device's identity key is stored the first time it is
 * seen, and a different key later is refused with IDENTITY_CHANGED (carrying the new key) until the
 * application accepts it with Device.acceptIdentity. Never silently replaced.
 */
class KvIdentityStore extends IdentityKeyStore {
  private readonly memo: Memo;

  constructor(
    kv: KeyValueStore,
    private readonly failure: FailureSlot,
    private readonly identity: IdentityKeyPair,
    private readonly registrationId: number,
  ) {
    super();
    this.memo = new Memo(kv);
  }

  async getIdentityKey(): Promise<PrivateKey> {
    return this.identity.privateKey;
  }

  override async getIdentityKeyPair(): Promise<IdentityKeyPair> {
    return this.identity;
  }

  async getLocalRegistrationId(): Promise<number> {
    return this.registrationId;
  }

  async saveIdentity(address: ProtocolAddress, key: PublicKey): Promise<IdentityChange> {
    const existing = await this.getIdentity(address);
    if (existing?.equals(key)) return IdentityChange.NewOrUnchanged;
    await this.memo.set(stateKeys.peerIdentity(fromProtocolAddress(address)), key.serialize());
    return existing ? IdentityChange.ReplacedExisting : IdentityChange.NewOrUnchanged;
  }

  async isTrustedIdentity(
    address: ProtocolAddress,
    key: PublicKey,
    _direction: Direction,
  ): Promise<boolean> {
    const existing = await this.getIdentity(address);
    if (!existing || existing.equals(key)) return true;
    throw this.failure.record(
      new CryptoError('IDENTITY_CHANGED', `the identity key of ${address.toString()} changed`, {
        address: fromProtocolAddress(address),
        identityKey: key.serialize(),
      }),
    );
  }

  async getIdentity(address: ProtocolAddress): Promise<PublicKey | null> {
    const bytes = await this.memo.get(stateKeys.peerIdentity(fromProtocolAddress(address)));
    return bytes ? PublicKey.deserialize(owned(bytes)) : null;
  }
}

class KvPreKeyStore extends PreKeyStore {
  constructor(
    private readonly kv: KeyValueStore,
    private readonly failure: FailureSlot,
  ) {
    super();
  }

  async savePreKey(id: number, record: PreKeyRecord): Promise<void> {
    await this.kv.set(stateKeys.preKey(id), record.serialize());
  }

  async getPreKey(id: number): Promise<PreKeyRecord> {
    const bytes = await this.kv.get(stateKeys.preKey(id));
    if (!bytes)
      throw this.failure.record(
        new CryptoError('PREKEY_REUSED', `one-time prekey ${id} is used or unknown`),
      );
    return PreKeyRecord.deserialize(owned(bytes));
  }

  async removePreKey(id: number): Promise<void> {
    await this.kv.delete(stateKeys.preKey(id));
  }
}

class KvSignedPreKeyStore extends SignedPreKeyStore {
  constructor(
    private readonly kv: KeyValueStore,
    private readonly failure: FailureSlot,
  ) {
    super();
  }

  async saveSignedPreKey(id: number, record: SignedPreKeyRecord): Promise<void> {
    await this.kv.set(stateKeys.signedPreKey(id), record.serialize());
  }

  async getSignedPreKey(id: number): Promise<SignedPreKeyRecord> {
    const bytes = await this.kv.get(stateKeys.signedPreKey(id));
    if (!bytes)
      throw this.failure.record(
        new CryptoError('INVALID_MESSAGE', `signed prekey ${id} is unknown or retired`),
      );
    return SignedPreKeyRecord.deserialize(owned(bytes));
  }
}

/**
 * One-time Kyber prekeys are deleted on use (atomically, so only one message can consume one).
 * The last-resort key stays, and each (kyber id, signed prekey id, base key) that used it is
 * recorded with an atomic add: a replayed prekey message fails even after its session is lost.
 */
class KvKyberPreKeyStore extends KyberPreKeyStore {
  constructor(
    private readonly kv: KeyValueStore,
    private readonly failure: FailureSlot,
  ) {
    super();
  }

  async saveKyberPreKey(id: number, record: KyberPreKeyRecord): Promise<void> {
    await this.kv.set(stateKeys.kyberPreKey(id), record.serialize());
  }

  async getKyberPreKey(id: number): Promise<KyberPreKeyRecord> {
    const bytes =
      (await this.kv.get(stateKeys.kyberPreKey(id))) ??
      (await this.kv.get(stateKeys.kyberLastResort(id)));
    if (!bytes)
      throw this.failure.record(
        new CryptoError('PREKEY_REUSED', `Kyber prekey ${id} is used or unknown`),
      );
    return KyberPreKeyRecord.deserialize(owned(bytes));
  }

  async markKyberPreKeyUsed(id: number, signedPreKeyId: number, baseKey: PublicKey): Promise<void> {
    if (await this.kv.delete(stateKeys.kyberPreKey(id))) return;
    const lastResort = await this.kv.get(stateKeys.kyberLastResort(id));
    const recorded =
      lastResort !== undefined &&
      (await this.kv.add(
        stateKeys.kyberUsed(id, signedPreKeyId, baseKey.serialize()),
        Uint8Array.of(1),
      ));
    if (!recorded) {
      throw this.failure.record(
        new CryptoError(
          'PREKEY_REUSED',
          `Kyber prekey ${id} was already used with this base key and signed prekey ${signedPreKeyId}`,
        ),
      );
    }
  }
}
