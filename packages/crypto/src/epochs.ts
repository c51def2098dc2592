import { randomBytes } from 'node:crypto';
import { formatAddress, requireAddress, sameAddress, type DeviceAddress } from './address.js';
import { KEY_BYTES } from './aes-gcm.js';
import {
  ByteReader,
  ByteWriter,
  bytesEqual,
  requireInteger,
  requireString,
  utf8,
} from './bytes.js';
import type { PreKeyBundle } from './bundle.js';
import type { DeviceCore } from './device-core.js';
import { CryptoError, invalidInput } from './errors.js';
import type { KeyValueStore } from './kv/store.js';
import { decrypt, encrypt, type PairwiseEnvelope } from './pairwise.js';
import { stateKeys } from './state-keys.js';

export interface EpochRef {
  conversationId: string;
  epoch: number;
}

export interface EpochMember {
  address: DeviceAddress;
  /** See EncryptOptions.fetchBundle: used when there is no session with this device yet. */
  fetchBundle?: () => Promise<PreKeyBundle>;
}

export interface NewEpoch {
  epochKey: Uint8Array;
  /** One per member device that has the key now; deliver each to its device inbox. */
  envelopes: { to: DeviceAddress; envelope: PairwiseEnvelope }[];
  /** Member devices that could not be given the key (no bundle, identity changed, …). */
  failures: { to: DeviceAddress; error: unknown }[];
}

const PAYLOAD_MAGIC = utf8.encode('PE');
const PAYLOAD_VERSION = 1;
/** Pairwise encrypts in flight at once; bounds concurrent bundle fetches for big groups. */
const FAN_OUT = 8;

/**
 * Makes a random epoch key, keeps it in this device's store and encrypts it pairwise to every
 * member device but this one. A device left out of `members` never receives it.
 */
export async function newEpoch(
  core: DeviceCore,
  ref: EpochRef,
  members: readonly EpochMember[],
): Promise<NewEpoch> {
  const checked = requireEpochRef(ref);
  const recipients = recipientsOf(core, members);
  const epochKey = new Uint8Array(randomBytes(KEY_BYTES));
  await storeEpochKey(core.kv, checked, epochKey);
  return deliverEpochKey(core, checked, epochKey, recipients);
}

/**
 * Sends the key of an epoch this device already holds to more member devices: how a group that
 * shares its history gives new members the keys of the epochs before they joined.
 */
export async function shareEpoch(
  core: DeviceCore,
  ref: EpochRef,
  members: readonly EpochMember[],
): Promise<NewEpoch> {
  const checked = requireEpochRef(ref);
  const recipients = recipientsOf(core, members);
  return deliverEpochKey(core, checked, await loadEpochKey(core.kv, checked), recipients);
}

/** The member devices to send a key to: checked, without this device, each once. */
function recipientsOf(core: DeviceCore, members: readonly EpochMember[]): EpochMember[] {
  if (!Array.isArray(members)) throw invalidInput('members', 'must be an array');
  return members
    .map((member, i) => ({
      ...member,
      address: requireAddress(member.address, `members[${i}].address`),
    }))
    .filter((member) => !sameAddress(member.address, core.address))
    .filter((member, i, all) => all.findIndex((m) => sameAddress(m.address, member.address)) === i);
}

async function deliverEpochKey(
  core: DeviceCore,
  { conversationId, epoch }: EpochRef,
  epochKey: Uint8Array,
  recipients: readonly EpochMember[],
): Promise<NewEpoch> {
  const payload = new ByteWriter()
    .raw(PAYLOAD_MAGIC)
    .u8(PAYLOAD_VERSION)
    .string(conversationId)
    .u64(epoch)
    .raw(epochKey)
    .finish();
  const result: NewEpoch = { epochKey, envelopes: [], failures: [] };
  let next = 0;
  const worker = async () => {
    for (let member = recipients[next++]; member; member = recipients[next++]) {
      try {
        const options = member.fetchBundle ? { fetchBundle: member.fetchBundle } : {};
        const envelope = await encrypt(core, member.address, payload, options);
        result.envelopes.push({ to: member.address, envelope });
      } catch (error) {
        result.failures.push({ to: member.address, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(FAN_OUT, recipients.length) }, worker));
  return result;
}

/**
 * Decrypts an epoch-key envelope from `from`, checks it is for the expected conversation and epoch
 * (CONTEXT_MISMATCH otherwise) and keeps the key.
 */
export async function receiveEpochKey(
  core: DeviceCore,
  from: DeviceAddress,
  envelope: PairwiseEnvelope,
  ref: EpochRef,
): Promise<Uint8Array> {
  const expected = requireEpochRef(ref);
  const payload = await decrypt(core, from, envelope);
  const reader = new ByteReader(payload, 'epoch-key envelope');
  if (!bytesEqual(reader.raw(PAYLOAD_MAGIC.length), PAYLOAD_MAGIC)) {
    throw new CryptoError('MALFORMED', 'the pairwise message is not an epoch-key envelope');
  }
  const version = reader.u8();
  if (version !== PAYLOAD_VERSION) {
    throw new CryptoError('UNSUPPORTED_VERSION', `epoch-key envelope version ${version}`);
  }
  const conversationId = reader.string();
  const epoch = reader.u64();
  const epochKey = new Uint8Array(reader.raw(KEY_BYTES));
  reader.end();
  if (conversationId !== expected.conversationId || epoch !== expected.epoch) {
    throw new CryptoError(
      'CONTEXT_MISMATCH',
      `the envelope from ${formatAddress(from)} carries the key of another conversation or epoch`,
      { address: from },
    );
  }
  await storeEpochKey(core.kv, expected, epochKey);
  return epochKey;
}

export async function loadEpochKey(kv: KeyValueStore, ref: EpochRef): Promise<Uint8Array> {
  const { conversationId, epoch } = requireEpochRef(ref);
  const key = await kv.get(stateKeys.epochKey(conversationId, epoch));
  if (!key) {
    throw new CryptoError(
      'NO_EPOCH_KEY',
      `no key for epoch ${epoch} of conversation ${conversationId}`,
    );
  }
  return key;
}

/** Keeps an epoch key; the same key again is a no-op, a different one is EPOCH_CONFLICT. */
async function storeEpochKey(kv: KeyValueStore, ref: EpochRef, key: Uint8Array): Promise<void> {
  const name = stateKeys.epochKey(ref.conversationId, ref.epoch);
  if (await kv.add(name, key)) return;
  const existing = await kv.get(name);
  if (!existing || !bytesEqual(existing, key)) {
    throw new CryptoError(
      'EPOCH_CONFLICT',
      `epoch ${ref.epoch} of conversation ${ref.conversationId} already has another key`,
    );
  }
}

function requireEpochRef(ref: EpochRef, field = 'epoch'): EpochRef {
  if (typeof ref !== 'object' || ref === null) throw invalidInput(field, 'must be an object');
  return {
    conversationId: requireString(ref.conversationId, 'conversationId'),
    epoch: requireInteger(ref.epoch, 'epoch', 0, Number.MAX_SAFE_INTEGER),
  };
}
