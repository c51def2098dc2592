import type { DeviceAddress } from './address.js';

/** Every failure this package reports; callers switch on `code`, never on messages. */
export type CryptoErrorCode =
  /** A caller passed a bad argument; `field` names it. */
  | 'INVALID_INPUT'
  /** Bytes are not in the format they claim (truncated header, bad magic, bad length). */
  | 'MALFORMED'
  /** A format version this build does not read. */
  | 'UNSUPPORTED_VERSION'
  /** Sealed bytes failed authentication: wrong key, wrong context, or tampered. */
  | 'DECRYPT_FAILED'
  /** A password-wrapped account key did not open under the given password. */
  | 'WRONG_PASSWORD'
  /** A master-key wrap names a key id the caller does not hold. */
  | 'UNKNOWN_KEY_ID'
  /** `Device.load` found no device in the store. */
  | 'NO_DEVICE'
  /** `Device.create` found a device already in the store. */
  | 'DEVICE_EXISTS'
  /** No usable session with the remote device and no bundle to start one. */
  | 'NO_SESSION'
  /** A remote device presented an identity key other than the one trusted for it. */
  | 'IDENTITY_CHANGED'
  /** A prekey bundle failed its signature checks. */
  | 'INVALID_BUNDLE'
  /** A pairwise message was already decrypted (replay). */
  | 'DUPLICATE_MESSAGE'
  /** A prekey message names a one-time or Kyber prekey that is gone or already used. */
  | 'PREKEY_REUSED'
  /** A pairwise message that does not decrypt. */
  | 'INVALID_MESSAGE'
  /** No epoch key is stored for that conversation and epoch. */
  | 'NO_EPOCH_KEY'
  /** A different key is already stored for that conversation epoch. */
  | 'EPOCH_CONFLICT'
  /** Sealed content or an epoch envelope belongs to another conversation, epoch, sender or message. */
  | 'CONTEXT_MISMATCH'
  /** The sender's identity-key signature does not verify. */
  | 'BAD_SIGNATURE'
  /** Signature and context are right but the key is not the one the content was sealed with. */
  | 'WRONG_KEY'
  /** A file chunk failed authentication (tampered, reordered or spliced). */
  | 'CHUNK_AUTH_FAILED'
  /** An encrypted file stops before its final chunk. */
  | 'TRUNCATED'
  /** Bytes follow an encrypted file's final chunk. */
  | 'TRAILING_DATA'
  /** An encrypted file's digest differs from the expected one. */
  | 'DIGEST_MISMATCH';

interface CryptoErrorDetails {
  field?: string;
  address?: DeviceAddress;
  /** For IDENTITY_CHANGED: the new, untrusted identity key (serialized public key). */
  identityKey?: Uint8Array;
  cause?: unknown;
}

/** The one error type of @parley/crypto. */
export class CryptoError extends Error {
  override readonly name = 'CryptoError';
  readonly field?: string;
  readonly address?: DeviceAddress;
  readonly identityKey?: Uint8Array;

  constructor(
    readonly code: CryptoErrorCode,
    message: string,
    details: CryptoErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    if (details.field !== undefined) this.field = details.field;
    if (details.address !== undefined) this.address = details.address;
    if (details.identityKey !== undefined) this.identityKey = details.identityKey;
  }
}

export function invalidInput(field: string, problem: string): CryptoError {
  return new CryptoError('INVALID_INPUT', `${field} ${problem}`, { field });
}

export function isCryptoError(error: unknown, code?: CryptoErrorCode): error is CryptoError {
  return error instanceof CryptoError && (code === undefined || error.code === code);
}
