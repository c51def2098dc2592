import { ByteReader, ByteWriter, bytesEqual, utf8 } from '../bytes.js';
import { CryptoError } from '../errors.js';

const MAGIC = utf8.encode('PKV');
const VERSION = 1;

/** The file form of a key-value map: magic, version, count, then length-prefixed keys and values. */
export function encodeEntries(entries: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const out = new ByteWriter().raw(MAGIC).u8(VERSION).u32(entries.size);
  for (const [key, value] of entries) out.string(key).bytes(value);
  return out.finish();
}

export function decodeEntries(input: Uint8Array): Map<string, Uint8Array> {
  const reader = new ByteReader(input, 'key-value file');
  if (!bytesEqual(reader.raw(MAGIC.length), MAGIC)) {
    throw new CryptoError('MALFORMED', 'key-value file has no PKV header');
  }
  const version = reader.u8();
  if (version !== VERSION) {
    throw new CryptoError(
      'UNSUPPORTED_VERSION',
      `key-value file version ${version} is not supported`,
    );
  }
  const entries = new Map<string, Uint8Array>();
  for (let count = reader.u32(); count > 0; count--) {
    entries.set(reader.string(), new Uint8Array(reader.bytes()));
  }
  reader.end();
  return entries;
}
