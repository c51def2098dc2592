import { randomBytes } from 'node:crypto';
import { IV_BYTES, KEY_BYTES, TAG_BYTES, gcmDecrypt, gcmEncrypt } from './aes-gcm.js';
import { concatBytes, requireBytes, utf8 } from './bytes.js';
import { CryptoError } from './errors.js';

/** 'P' 'S' then the format version; the whole header is authenticated with the caller's context. */
const HEADER = Uint8Array.of(0x50, 0x53, 1);
const OVERHEAD = HEADER.length + IV_BYTES + TAG_BYTES;

/**
 * Seals bytes under a 32-byte key with AES-256-GCM and a random IV. `context` (for example the
 * storage key a value lives under) is authenticated, so sealed bytes moved elsewhere fail to open.
 * Layout: header(3) ‖ iv(12) ‖ ciphertext ‖ tag(16).
 */
export function sealBytes(
  key: Uint8Array,
  plaintext: Uint8Array,
  context: Uint8Array | string = '',
): Uint8Array {
  requireBytes(key, 'key', KEY_BYTES);
  requireBytes(plaintext, 'plaintext');
  const iv = randomBytes(IV_BYTES);
  const { ciphertext, tag } = gcmEncrypt(key, iv, additionalData(context), plaintext);
  return concatBytes([HEADER, iv, ciphertext, tag]);
}

/** Opens what sealBytes made; DECRYPT_FAILED for a wrong key, a wrong context or any tampering. */
export function unsealBytes(
  key: Uint8Array,
  sealed: Uint8Array,
  context: Uint8Array | string = '',
): Uint8Array {
  requireBytes(key, 'key', KEY_BYTES);
  requireBytes(sealed, 'sealed');
  if (sealed.length < OVERHEAD || sealed[0] !== HEADER[0] || sealed[1] !== HEADER[1]) {
    throw new CryptoError('MALFORMED', 'sealed bytes have no sealed-bytes header');
  }
  if (sealed[2] !== HEADER[2]) {
    throw new CryptoError(
      'UNSUPPORTED_VERSION',
      `sealed bytes version ${sealed[2]} is not supported`,
    );
  }
  const iv = sealed.subarray(HEADER.length, HEADER.length + IV_BYTES);
  const ciphertext = sealed.subarray(HEADER.length + IV_BYTES, sealed.length - TAG_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const plaintext = gcmDecrypt(key, iv, additionalData(context), ciphertext, tag);
  if (!plaintext) throw new CryptoError('DECRYPT_FAILED', 'sealed bytes did not authenticate');
  return new Uint8Array(plaintext);
}

function additionalData(context: Uint8Array | string): Uint8Array {
  return concatBytes([HEADER, typeof context === 'string' ? utf8.encode(context) : context]);
}
