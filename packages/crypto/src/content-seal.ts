import type { PrivateKey } from '@signalapp/libsignal-client';
import { createHash, randomBytes } from 'node:crypto';
import { requireAddress, type DeviceAddress } from './address.js';
import { IV_BYTES, KEY_BYTES, TAG_BYTES, gcmDecrypt, gcmEncrypt } from './aes-gcm.js';
import {
  ByteWriter,
  bytesEqual,
  concatBytes,
  owned,
  requireBytes,
  requireInteger,
  requireString,
  utf8,
} from './bytes.js';
import { ecKey } from './bundle.js';
import { CryptoError } from './errors.js';

/** What a sealed message is bound to; open() must be given the same values. */
export interface ContentContext {
  conversationId: string;
  epoch: number;
  senderDevice: DeviceAddress;
  clientMessageId: string;
}

/** 'P' 'C' and the format version. */
const HEADER = Uint8Array.of(0x50, 0x43, 1);
const DIGEST_BYTES = 32;
const SIGNATURE_BYTES = 64;
const AAD_BYTES = HEADER.length + DIGEST_BYTES;
const MIN_BYTES = AAD_BYTES + IV_BYTES + TAG_BYTES + SIGNATURE_BYTES;
const SIGNATURE_DOMAIN = utf8.encode('parley/content-signature/v1\0');

// Layout: header(3) ‖ SHA-256(context)(32) ‖ iv(12) ‖ ciphertext ‖ tag(16) ‖ signature(64).
// Header and context digest are the GCM additional data; the sender's identity key signs
// everything before the signature. The context digest travels with the message so open() can tell
// "moved to another conversation or message" (CONTEXT_MISMATCH) from tampering (BAD_SIGNATURE) and
// from a wrong epoch key (WRONG_KEY), and so the server can verify a signature without the key.

/** Seals content once for every member holding the epoch key. Package-internal: Device.seal. */
export function sealContentWithKey(
  epochKey: Uint8Array,
  identityKey: PrivateKey,
  content: Uint8Array,
  context: ContentContext,
): Uint8Array {
  requireBytes(epochKey, 'epochKey', KEY_BYTES);
  requireBytes(content, 'content');
  const aad = concatBytes([HEADER, contextDigest(context)]);
  const iv = randomBytes(IV_BYTES);
  const { ciphertext, tag } = gcmEncrypt(epochKey, iv, aad, content);
  const signed = concatBytes([aad, iv, ciphertext, tag]);
  const signature = identityKey.sign(concatBytes([SIGNATURE_DOMAIN, signed]));
  return concatBytes([signed, signature]);
}

/**
 * Checks the sender's signature and the context without the epoch key: what the API does once when
 * it stores a message. BAD_SIGNATURE for a forged sender or any flipped bit; CONTEXT_MISMATCH for
 * a message presented under another conversation, epoch, sender or clientMessageId.
 */
export function verifyContent(
  sealed: Uint8Array,
  context: ContentContext,
  senderIdentityKey: Uint8Array,
): void {
  const parts = split(sealed);
  const key = ecKey(senderIdentityKey, 'senderIdentityKey');
  if (!key.verify(owned(concatBytes([SIGNATURE_DOMAIN, parts.signed])), owned(parts.signature))) {
    throw new CryptoError('BAD_SIGNATURE', 'sealed content is not signed by the sender device');
  }
  if (!bytesEqual(parts.digest, contextDigest(context))) {
    throw new CryptoError(
      'CONTEXT_MISMATCH',
      'sealed content belongs to another conversation, epoch, sender or message',
    );
  }
}

/** Verifies as verifyContent, then decrypts; WRONG_KEY when the epoch key is not the sealing key. */
export function openContent(
  epochKey: Uint8Array,
  sealed: Uint8Array,
  context: ContentContext,
  senderIdentityKey: Uint8Array,
): Uint8Array {
  requireBytes(epochKey, 'epochKey', KEY_BYTES);
  verifyContent(sealed, context, senderIdentityKey);
  const { aad, iv, ciphertext, tag } = split(sealed);
  const content = gcmDecrypt(epochKey, iv, aad, ciphertext, tag);
  if (!content)
    throw new CryptoError('WRONG_KEY', 'sealed content does not open with this epoch key');
  return new Uint8Array(content);
}

function split(sealed: Uint8Array) {
  requireBytes(sealed, 'sealed');
  if (sealed.length < MIN_BYTES || sealed[0] !== HEADER[0] || sealed[1] !== HEADER[1]) {
    throw new CryptoError('MALFORMED', 'sealed content has no sealed-content header');
  }
  if (sealed[2] !== HEADER[2]) {
    throw new CryptoError(
      'UNSUPPORTED_VERSION',
      `sealed content version ${sealed[2]} is not supported`,
    );
  }
  const signatureAt = sealed.length - SIGNATURE_BYTES;
  const tagAt = signatureAt - TAG_BYTES;
  return {
    aad: sealed.subarray(0, AAD_BYTES),
    digest: sealed.subarray(HEADER.length, AAD_BYTES),
    iv: sealed.subarray(AAD_BYTES, AAD_BYTES + IV_BYTES),
    ciphertext: sealed.subarray(AAD_BYTES + IV_BYTES, tagAt),
    tag: sealed.subarray(tagAt, signatureAt),
    signed: sealed.subarray(0, signatureAt),
    signature: sealed.subarray(signatureAt),
  };
}

/** SHA-256 over an unambiguous (length-prefixed) encoding of the validated context. */
function contextDigest(context: ContentContext): Uint8Array {
  if (typeof context !== 'object' || context === null) {
    throw new CryptoError('INVALID_INPUT', 'context must be an object', { field: 'context' });
  }
  const sender = requireAddress(context.senderDevice, 'context.senderDevice');
  const encoded = new ByteWriter()
    .string(requireString(context.conversationId, 'context.conversationId'))
    .u64(requireInteger(context.epoch, 'context.epoch', 0, Number.MAX_SAFE_INTEGER))
    .string(sender.userId)
    .u8(sender.deviceId)
    .string(requireString(context.clientMessageId, 'context.clientMessageId'))
    .finish();
  return createHash('sha256').update(encoded).digest();
}
