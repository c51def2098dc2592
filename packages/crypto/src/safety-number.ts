import { Fingerprint, ScannableFingerprint } from '@signalapp/libsignal-client';
import { owned, requireBytes, requireString, utf8 } from './bytes.js';
import { ecKey } from './bundle.js';
import { CryptoError } from './errors.js';

/** One side of a safety-number comparison: a user and the identity key of their device. */
export interface SafetyParty {
  userId: string;
  identityKey: Uint8Array;
}

export interface SafetyNumber {
  /** 60 digits; show them in 12 groups of 5. Both sides compute the same digits. */
  displayable: string;
  /** Bytes for a QR code; the other side checks them with safetyNumbersMatch. */
  scannable: Uint8Array;
}

/** Signal's iteration count for fingerprints. */
const ITERATIONS = 5200;
const VERSION = 2;

/** libsignal's fingerprint for two users; it changes when either identity key changes. */
export function safetyNumber(local: SafetyParty, remote: SafetyParty): SafetyNumber {
  const fingerprint = Fingerprint.new(
    ITERATIONS,
    VERSION,
    utf8.encode(requireString(local?.userId, 'local.userId')),
    ecKey(local.identityKey, 'local.identityKey'),
    utf8.encode(requireString(remote?.userId, 'remote.userId')),
    ecKey(remote.identityKey, 'remote.identityKey'),
  );
  return {
    displayable: fingerprint.displayableFingerprint().toString(),
    scannable: fingerprint.scannableFingerprint().toBuffer(),
  };
}

/** True when `scanned` (the other side's QR bytes) matches our own safety number. */
export function safetyNumbersMatch(own: SafetyNumber, scanned: Uint8Array): boolean {
  requireBytes(scanned, 'scanned');
  try {
    return ScannableFingerprint._fromBuffer(owned(own.scannable)).compare(
      ScannableFingerprint._fromBuffer(owned(scanned)),
    );
  } catch (cause) {
    throw new CryptoError('MALFORMED', 'the scanned safety number does not parse', { cause });
  }
}
