import { argon2id, hash } from 'argon2';
import { randomBytes } from 'node:crypto';
import { KEY_BYTES, deriveKey } from './aes-gcm.js';
import {
  ByteReader,
  ByteWriter,
  bytesEqual,
  concatBytes,
  requireBytes,
  requireInteger,
  requireString,
  utf8,
} from './bytes.js';
import { CryptoError, invalidInput, isCryptoError } from './errors.js';
import { sealBytes, unsealBytes } from './sealed-bytes.js';

/** Argon2id cost, stored beside each password wrap so it can be raised later. memoryCost is KiB. */
export interface PasswordCost {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/** RFC 9106's second recommended setting (64 MiB, 3 passes, 4 lanes): ~150 ms here. */
export const DEFAULT_PASSWORD_COST: Readonly<PasswordCost> = {
  memoryCost: 64 * 1024,
  timeCost: 3,
  parallelism: 4,
};

/** Upper bounds also apply when unwrapping, so a tampered row cannot make us allocate gigabytes. */
const MAX_MEMORY_COST = 1024 * 1024;
const MAX_TIME_COST = 64;
const MAX_PARALLELISM = 16;
const SALT_BYTES = 16;
const PASSWORD_MAGIC = utf8.encode('PW');
const MASTER_MAGIC = utf8.encode('PM');
const VERSION = 1;

export interface WrapOptions {
  /** Authenticated, not stored: e.g. the user id, so a wrap cannot be moved to another account. */
  context?: string;
}

/** A fresh random 32-byte account key. */
export function createAccountKey(): Uint8Array {
  return new Uint8Array(randomBytes(KEY_BYTES));
}

/**
 * Wraps the account key under Argon2id(password, random salt). The result carries the salt and
 * cost. Lower `cost` only in tests; production uses DEFAULT_PASSWORD_COST or more.
 */
export async function wrapAccountKeyWithPassword(
  accountKey: Uint8Array,
  password: string,
  options: WrapOptions & { cost?: PasswordCost } = {},
): Promise<Uint8Array> {
  requireBytes(accountKey, 'accountKey', KEY_BYTES);
  const cost = requireCost(options.cost ?? DEFAULT_PASSWORD_COST, 'cost');
  const salt = randomBytes(SALT_BYTES);
  const header = new ByteWriter()
    .raw(PASSWORD_MAGIC)
    .u8(VERSION)
    .u32(cost.memoryCost)
    .u32(cost.timeCost)
    .u8(cost.parallelism)
    .raw(salt)
    .finish();
  const key = await passwordKey(password, salt, cost);
  const sealed = sealBytes(key, accountKey, aad(header, options.context));
  return concatBytes([header, sealed]);
}

/** WRONG_PASSWORD when the password (or the context) is not the one the key was wrapped with. */
export async function unwrapAccountKeyWithPassword(
  wrapped: Uint8Array,
  password: string,
  options: WrapOptions = {},
): Promise<Uint8Array> {
  requireBytes(wrapped, 'wrapped');
  const reader = new ByteReader(wrapped, 'password-wrapped account key');
  readVersionedMagic(reader, PASSWORD_MAGIC, 'password-wrapped account key');
  const stored = { memoryCost: reader.u32(), timeCost: reader.u32(), parallelism: reader.u8() };
  const cost = requireCost(stored, 'wrapped cost');
  const salt = reader.raw(SALT_BYTES);
  const header = wrapped.subarray(0, wrapped.length - reader.remaining);
  const key = await passwordKey(password, salt, cost);
  try {
    return unsealBytes(key, reader.rest(), aad(header, options.context));
  } catch (error) {
    if (isCryptoError(error, 'DECRYPT_FAILED')) {
      throw new CryptoError('WRONG_PASSWORD', 'the password does not unwrap this account key');
    }
    throw error;
  }
}

/** The Argon2id cost a wrap was made with, to decide whether to re-wrap at a higher cost. */
export function passwordWrapCost(wrapped: Uint8Array): PasswordCost {
  const reader = new ByteReader(requireBytes(wrapped, 'wrapped'), 'password-wrapped account key');
  readVersionedMagic(reader, PASSWORD_MAGIC, 'password-wrapped account key');
  return { memoryCost: reader.u32(), timeCost: reader.u32(), parallelism: reader.u8() };
}

/**
 * Wraps the account key under a server master key (32 bytes). The key id is stored in the clear
 * and authenticated, so the server can hold several master keys and rotate them.
 */
export function wrapAccountKeyWithMasterKey(
  accountKey: Uint8Array,
  masterKey: Uint8Array,
  keyId: string,
  options: WrapOptions = {},
): Uint8Array {
  requireBytes(accountKey, 'accountKey', KEY_BYTES);
  requireBytes(masterKey, 'masterKey', KEY_BYTES);
  const header = new ByteWriter()
    .raw(MASTER_MAGIC)
    .u8(VERSION)
    .string(requireString(keyId, 'keyId', 64))
    .finish();
  const sealed = sealBytes(masterWrapKey(masterKey), accountKey, aad(header, options.context));
  return concatBytes([header, sealed]);
}

/** The id of the master key a wrap needs. */
export function masterKeyIdOf(wrapped: Uint8Array): string {
  const reader = new ByteReader(requireBytes(wrapped, 'wrapped'), 'master-wrapped account key');
  readVersionedMagic(reader, MASTER_MAGIC, 'master-wrapped account key');
  return reader.string();
}

/** Opens a master-key wrap with the matching key from `masterKeys` (key id → 32-byte key). */
export function unwrapAccountKeyWithMasterKey(
  wrapped: Uint8Array,
  masterKeys: ReadonlyMap<string, Uint8Array>,
  options: WrapOptions = {},
): Uint8Array {
  const reader = new ByteReader(requireBytes(wrapped, 'wrapped'), 'master-wrapped account key');
  readVersionedMagic(reader, MASTER_MAGIC, 'master-wrapped account key');
  const keyId = reader.string();
  const masterKey = masterKeys.get(keyId);
  if (!masterKey) throw new CryptoError('UNKNOWN_KEY_ID', `no master key with id "${keyId}"`);
  requireBytes(masterKey, `masterKeys["${keyId}"]`, KEY_BYTES);
  const header = wrapped.subarray(0, wrapped.length - reader.remaining);
  return unsealBytes(masterWrapKey(masterKey), reader.rest(), aad(header, options.context));
}

function masterWrapKey(masterKey: Uint8Array): Uint8Array {
  return deriveKey(masterKey, 'parley/account-key-wrap/v1');
}

async function passwordKey(password: string, salt: Uint8Array, cost: PasswordCost) {
  if (typeof password !== 'string' || password.length === 0) {
    throw invalidInput('password', 'must be a non-empty string');
  }
  const key = await hash(password, {
    raw: true,
    type: argon2id,
    hashLength: KEY_BYTES,
    salt: Buffer.from(salt),
    ...cost,
  });
  return new Uint8Array(key);
}

function requireCost(cost: PasswordCost, field: string): PasswordCost {
  const parallelism = requireInteger(cost.parallelism, `${field}.parallelism`, 1, MAX_PARALLELISM);
  return {
    // Argon2 needs at least 8 KiB per lane.
    memoryCost: requireInteger(
      cost.memoryCost,
      `${field}.memoryCost`,
      8 * parallelism,
      MAX_MEMORY_COST,
    ),
    timeCost: requireInteger(cost.timeCost, `${field}.timeCost`, 1, MAX_TIME_COST),
    parallelism,
  };
}

function readVersionedMagic(reader: ByteReader, magic: Uint8Array, what: string): void {
  if (!bytesEqual(reader.raw(magic.length), magic)) {
    throw new CryptoError('MALFORMED', `${what} has the wrong header`);
  }
  const version = reader.u8();
  if (version !== VERSION) {
    throw new CryptoError('UNSUPPORTED_VERSION', `${what} version ${version} is not supported`);
  }
}

function aad(header: Uint8Array, context = ''): Uint8Array {
  return concatBytes([header, utf8.encode(context)]);
}
