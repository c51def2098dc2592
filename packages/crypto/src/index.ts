// @parley/crypto: Signal-protocol devices, conversation keys and file encryption. See README.md.
export { CryptoError, isCryptoError, type CryptoErrorCode } from './errors.js';
export type { DeviceAddress } from './address.js';

export type { KeyValueStore } from './kv/store.js';
export { MemoryKeyValueStore } from './kv/memory-store.js';
export { FileKeyValueStore } from './kv/file-store.js';
export { SealedKeyValueStore } from './kv/sealed-store.js';

export { sealBytes, unsealBytes } from './sealed-bytes.js';
export {
  DEFAULT_PASSWORD_COST,
  createAccountKey,
  masterKeyIdOf,
  passwordWrapCost,
  unwrapAccountKeyWithMasterKey,
  unwrapAccountKeyWithPassword,
  wrapAccountKeyWithMasterKey,
  wrapAccountKeyWithPassword,
  type PasswordCost,
  type WrapOptions,
} from './account-key.js';

export { Device, type CreateDeviceOptions, type ReplenishOptions } from './device.js';
export type { CrossProcessLock, DeviceOptions } from './device-core.js';
export type {
  PreKeyBundle,
  PreKeyUpload,
  PublicPreKey,
  PublishedKeys,
  SignedPreKeyUpload,
  SignedPublicPreKey,
} from './bundle.js';
export type { EncryptOptions, PairwiseEnvelope } from './pairwise.js';
export {
  safetyNumber,
  safetyNumbersMatch,
  type SafetyNumber,
  type SafetyParty,
} from './safety-number.js';

export type { EpochMember, EpochRef, NewEpoch } from './epochs.js';
export { openContent, verifyContent, type ContentContext } from './content-seal.js';
export { ContentKeys } from './content-keys.js';

export {
  FILE_CHUNK_BYTES,
  decryptFile,
  decryptFileRange,
  encryptFile,
  encryptedFileSize,
  type CiphertextReader,
  type EncryptedFileInfo,
  type FileEncryption,
  type FileRange,
} from './file-cipher.js';
