import type {
  Direction,
  PublicKey,
  SenderKeyRecord,
  SessionRecord,
} from '@signalapp/libsignal-client';
import {
  IdentityChange,
  IdentityKeyPair,
  IdentityKeyStore,
  KEMKeyPair,
  KyberPreKeyRecord,
  KyberPreKeyStore,
  PreKeyBundle,
  PreKeyRecord,
  PreKeyStore,
  PrivateKey,
  ProtocolAddress,
  SenderKeyStore,
  SessionStore,
  SignedPreKeyRecord,
  SignedPreKeyStore,
  type Uuid,
} from '@signalapp/libsignal-client';

// The baseline: libsignal with the simplest possible in-memory stores (record objects in Maps, no
// serialisation, no locking), as in libsignal's own tests.

class RawSessions extends SessionStore {
  private readonly records = new Map<string, SessionRecord>();
  async saveSession(address: ProtocolAddress, record: SessionRecord) {
    this.records.set(address.toString(), record);
  }
  async getSession(address: ProtocolAddress) {
    return this.records.get(address.toString()) ?? null;
  }
  async getExistingSessions(addresses: ProtocolAddress[]) {
    return addresses.map((a) => this.records.get(a.toString()) as SessionRecord);
  }
}

class RawIdentities extends IdentityKeyStore {
  private readonly keys = new Map<string, PublicKey>();
  constructor(
    readonly identity: IdentityKeyPair,
    readonly registrationId: number,
  ) {
    super();
  }
  async getIdentityKey() {
    return this.identity.privateKey;
  }
  async getLocalRegistrationId() {
    return this.registrationId;
  }
  async saveIdentity(address: ProtocolAddress, key: PublicKey) {
    this.keys.set(address.toString(), key);
    return IdentityChange.NewOrUnchanged;
  }
  async isTrustedIdentity(_address: ProtocolAddress, _key: PublicKey, _direction: Direction) {
    return true;
  }
  async getIdentity(address: ProtocolAddress) {
    return this.keys.get(address.toString()) ?? null;
  }
}

class RawPreKeys extends PreKeyStore {
  readonly records = new Map<number, PreKeyRecord>();
  async savePreKey(id: number, record: PreKeyRecord) {
    this.records.set(id, record);
  }
  async getPreKey(id: number) {
    return this.records.get(id) as PreKeyRecord;
  }
  async removePreKey(id: number) {
    this.records.delete(id);
  }
}

class RawSignedPreKeys extends SignedPreKeyStore {
  readonly records = new Map<number, SignedPreKeyRecord>();
  async saveSignedPreKey(id: number, record: SignedPreKeyRecord) {
    this.records.set(id, record);
  }
  async getSignedPreKey(id: number) {
    return this.records.get(id) as SignedPreKeyRecord;
  }
}

class RawKyberPreKeys extends KyberPreKeyStore {
  readonly records = new Map<number, KyberPreKeyRecord>();
  async saveKyberPreKey(id: number, record: KyberPreKeyRecord) {
    this.records.set(id, record);
  }
  async getKyberPreKey(id: number) {
    return this.records.get(id) as KyberPreKeyRecord;
  }
  async markKyberPreKeyUsed() {}
}

export class RawSenderKeys extends SenderKeyStore {
  private readonly records = new Map<string, SenderKeyRecord>();
  async saveSenderKey(sender: ProtocolAddress, distributionId: Uuid, record: SenderKeyRecord) {
    this.records.set(`${sender.toString()}|${distributionId}`, record);
  }
  async getSenderKey(sender: ProtocolAddress, distributionId: Uuid) {
    return this.records.get(`${sender.toString()}|${distributionId}`) ?? null;
  }
}

/** A raw libsignal device: stores plus a bundle with a last-resort Kyber key. */
export class RawDevice {
  readonly identity = IdentityKeyPair.generate();
  readonly sessions = new RawSessions();
  readonly identities = new RawIdentities(this.identity, 1234);
  readonly preKeys = new RawPreKeys();
  readonly signedPreKeys = new RawSignedPreKeys();
  readonly kyberPreKeys = new RawKyberPreKeys();
  readonly address: ProtocolAddress;

  constructor(name: string) {
    this.address = ProtocolAddress.new(name, 1);
    const key = PrivateKey.generate();
    const signed = SignedPreKeyRecord.new(
      1,
      Date.now(),
      key.getPublicKey(),
      key,
      this.sign(key.getPublicKey().serialize()),
    );
    this.signedPreKeys.records.set(1, signed);
    this.kyberPreKeys.records.set(2, newKyberPreKey(this.identity, 2));
  }

  sign(bytes: Uint8Array<ArrayBuffer>) {
    return this.identity.privateKey.sign(bytes);
  }

  bundle(): PreKeyBundle {
    const signed = this.signedPreKeys.records.get(1) as SignedPreKeyRecord;
    const kyber = this.kyberPreKeys.records.get(2) as KyberPreKeyRecord;
    return PreKeyBundle.new(
      1234,
      1,
      null,
      null,
      1,
      signed.publicKey(),
      signed.signature(),
      this.identity.publicKey,
      2,
      kyber.publicKey(),
      kyber.signature(),
    );
  }
}

export function newKyberPreKey(identity: IdentityKeyPair, id: number): KyberPreKeyRecord {
  const pair = KEMKeyPair.generate();
  return KyberPreKeyRecord.new(
    id,
    Date.now(),
    pair,
    identity.privateKey.sign(pair.getPublicKey().serialize()),
  );
}

export function newPreKey(id: number): PreKeyRecord {
  const key = PrivateKey.generate();
  return PreKeyRecord.new(id, key.getPublicKey(), key);
}
