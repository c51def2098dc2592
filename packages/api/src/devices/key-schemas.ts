import type { PreKeyBundle } from '@parley/crypto';
import { z } from 'zod';

/** Binary fields travel as base64 in JSON; `max` bounds the decoded size. */
export const ZBytes = (max: number) =>
  z
    .base64('Must be base64')
    .transform((s) => new Uint8Array(Buffer.from(s, 'base64')))
    .refine((b) => b.length > 0 && b.length <= max, `Must be 1 to ${max} bytes`);

export const toBase64 = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

const MAX_KEY_ID = 0xffffff;
const ZKeyId = z.number().int().min(1).max(MAX_KEY_ID);
// An EC public key is 33 bytes, a Kyber-1024 public key 1,569, a signature 64.
const ZPublicKey = ZBytes(2048);
const ZSignature = ZBytes(64);

export const ZPreKey = z.object({ id: ZKeyId, publicKey: ZPublicKey });
export const ZSignedPreKey = z.object({ id: ZKeyId, publicKey: ZPublicKey, signature: ZSignature });
export const ZDeviceId = z.number().int().min(1).max(127);
export const ZDeviceAddress = z.object({ userId: z.uuid(), deviceId: ZDeviceId });

const MAX_PREKEYS_PER_UPLOAD = 200;

export const ZPreKeyUpload = z.object({
  preKeys: z.array(ZPreKey).max(MAX_PREKEYS_PER_UPLOAD),
  kyberPreKeys: z.array(ZSignedPreKey).max(MAX_PREKEYS_PER_UPLOAD),
});

export const ZSignedPreKeyUpload = z.object({
  signedPreKey: ZSignedPreKey,
  kyberLastResortPreKey: ZSignedPreKey,
});

/** What a device publishes when it is registered (the crypto package's PublishedKeys). */
export const ZPublishedKeys = ZPreKeyUpload.extend(ZSignedPreKeyUpload.shape).extend({
  address: ZDeviceAddress,
  registrationId: z.number().int().min(1).max(0x3fff),
  identityKey: ZBytes(33),
});

const ZBase64 = z.string();
const ZPreKeyOut = z.object({ id: z.number(), publicKey: ZBase64 });
const ZSignedPreKeyOut = ZPreKeyOut.extend({ signature: ZBase64 });

/** A bundle as handed out (base64 fields); the crypto package's PreKeyBundle after decoding. */
export const ZPreKeyBundleOut = z.object({
  address: z.object({ userId: z.string(), deviceId: z.number() }),
  registrationId: z.number(),
  identityKey: ZBase64,
  signedPreKey: ZSignedPreKeyOut,
  kyberPreKey: ZSignedPreKeyOut,
  preKey: ZPreKeyOut.nullable(),
});

export type TPreKeyBundleOut = z.infer<typeof ZPreKeyBundleOut>;

export function encodeBundle(bundle: PreKeyBundle): TPreKeyBundleOut {
  const signed = (k: PreKeyBundle['signedPreKey']) => ({
    id: k.id,
    publicKey: toBase64(k.publicKey),
    signature: toBase64(k.signature),
  });
  return {
    address: bundle.address,
    registrationId: bundle.registrationId,
    identityKey: toBase64(bundle.identityKey),
    signedPreKey: signed(bundle.signedPreKey),
    kyberPreKey: signed(bundle.kyberPreKey),
    preKey: bundle.preKey
      ? { id: bundle.preKey.id, publicKey: toBase64(bundle.preKey.publicKey) }
      : null,
  };
}
