import { decodeUtf8, utf8 } from './bytes.js';
import { CryptoError } from './errors.js';
import type { DeviceAddress } from './address.js';
import type { KeyValueStore } from './kv/store.js';
import { stateKeys } from './state-keys.js';

/** A signed prekey and its last-resort Kyber prekey, replaced together. */
interface SignedKeyPairIds {
  signedPreKeyId: number;
  kyberLastResortId: number;
}

/** The device's bookkeeping, one small JSON value; only device-locked operations write it. */
export interface DeviceRecord extends SignedKeyPairIds {
  version: 1;
  address: DeviceAddress;
  registrationId: number;
  /** The last id handed out; signed, Kyber and EC prekeys share one counter. */
  lastPreKeyId: number;
  signedPreKeyCreatedAt: number;
  /** Replaced keys kept for in-flight prekey messages until `retiredAt` + the retention period. */
  retired: (SignedKeyPairIds & { retiredAt: number })[];
}

export async function readDeviceRecord(kv: KeyValueStore): Promise<DeviceRecord | undefined> {
  const bytes = await kv.get(stateKeys.device);
  if (!bytes) return undefined;
  const text = decodeUtf8(bytes, 'device record');
  let record: DeviceRecord;
  try {
    record = JSON.parse(text) as DeviceRecord;
  } catch (cause) {
    throw new CryptoError('MALFORMED', 'the stored device record is not valid JSON', { cause });
  }
  if (record.version !== 1) {
    throw new CryptoError('UNSUPPORTED_VERSION', `device record version ${record.version}`);
  }
  return record;
}

export function writeDeviceRecord(kv: KeyValueStore, record: DeviceRecord): Promise<void> {
  return kv.set(stateKeys.device, utf8.encode(JSON.stringify(record)));
}
