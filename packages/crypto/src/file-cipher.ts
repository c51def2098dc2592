import { createHash, randomBytes } from 'node:crypto';
import { IV_BYTES, KEY_BYTES, TAG_BYTES, gcmDecrypt, gcmEncrypt } from './aes-gcm.js';
import { bytesEqual, requireBytes, requireInteger } from './bytes.js';
import { Rechunker, collect } from './chunks.js';
import { CryptoError, invalidInput } from './errors.js';

// Encrypted file layout (version 1):
//   header(8) = 'P' 'F' ‖ version 1 ‖ 0 ‖ chunk size (u32, 65536)
//   then chunk i = AES-256-GCM(file key, nonce = u64 i ‖ final flag ‖ 000, aad = header)(plain i) ‖ tag(16)
// Every plaintext chunk is 64 KiB except the last, which is 0–64 KiB and is the only one with the
// final flag set; an empty file is one empty final chunk. The index in the nonce makes reordering
// and splicing fail, the final flag makes truncation and extension fail, and the file key is fresh
// for every file, so nonces never repeat under one key.

export const FILE_CHUNK_BYTES = 64 * 1024;
const HEADER = Uint8Array.of(0x50, 0x46, 1, 0, 0, 1, 0, 0);
const HEADER_BYTES = HEADER.length;
const SEALED_CHUNK_BYTES = FILE_CHUNK_BYTES + TAG_BYTES;

export interface EncryptedFileInfo {
  /** Plaintext bytes. */
  size: number;
  /** Ciphertext bytes (encryptedFileSize(size)). */
  encryptedSize: number;
  /**
   * SHA-256 over the header and every chunk's tag, in order: it pins down the exact ciphertext
   * for anyone who does not hold the file key, at no cost per byte. Carry it in the message.
   */
  digest: Uint8Array;
}

export interface FileEncryption {
  /** The fresh random 32-byte file key; carry it in the sealed message. */
  key: Uint8Array;
  /** The encrypted file; read it once, to the end. */
  ciphertext: AsyncIterable<Uint8Array>;
  /** Resolves once `ciphertext` has been read to the end; rejects if that failed or stopped early. */
  info: Promise<EncryptedFileInfo>;
}

/** Plaintext byte range to decrypt: `length` bytes from `offset`. */
export interface FileRange {
  offset: number;
  length: number;
}

/** Reads `length` ciphertext bytes from `offset` of stored ciphertext (a file, an S3 Range GET). */
export type CiphertextReader = (offset: number, length: number) => AsyncIterable<Uint8Array>;

export function encryptedFileSize(size: number): number {
  requireInteger(size, 'size', 0, Number.MAX_SAFE_INTEGER);
  return HEADER_BYTES + size + chunkCount(size) * TAG_BYTES;
}

/** Encrypts a stream under a fresh key, one 64 KiB chunk at a time, in constant memory. */
export function encryptFile(source: AsyncIterable<Uint8Array>): FileEncryption {
  const key = new Uint8Array(randomBytes(KEY_BYTES));
  let settle!: { resolve: (info: EncryptedFileInfo) => void; reject: (error: unknown) => void };
  const info = new Promise<EncryptedFileInfo>((resolve, reject) => (settle = { resolve, reject }));
  // The caller may only await `info` after reading; don't let an early rejection go unhandled.
  info.catch(() => undefined);

  async function* ciphertext(): AsyncGenerator<Uint8Array> {
    let done = false;
    try {
      const digest = createHash('sha256').update(HEADER);
      const chunks = new Rechunker(FILE_CHUNK_BYTES);
      let size = 0;
      let index = 0;
      const seal = (bytes: Uint8Array, final: boolean) => {
        const sealed = gcmEncrypt(key, chunkNonce(index, final), HEADER, bytes);
        digest.update(sealed.tag);
        size += bytes.length;
        index += 1;
        return sealed;
      };
      yield HEADER;
      for await (const piece of source) {
        for (const bytes of chunks.push(piece)) {
          const sealed = seal(bytes, false);
          yield sealed.ciphertext;
          yield sealed.tag;
        }
      }
      const last = seal(chunks.end(), true);
      yield last.ciphertext;
      yield last.tag;
      done = true;
      settle.resolve({ size, encryptedSize: encryptedFileSize(size), digest: digest.digest() });
    } catch (error) {
      settle.reject(error);
      throw error;
    } finally {
      if (!done) settle.reject(invalidInput('ciphertext', 'was not read to the end'));
    }
  }
  return { key, ciphertext: ciphertext(), info };
}

/**
 * Decrypts a whole encrypted file as a stream. Each chunk is authenticated before it is yielded;
 * a stream that ends in an error (TRUNCATED, TRAILING_DATA, CHUNK_AUTH_FAILED, DIGEST_MISMATCH)
 * must be thrown away whole.
 */
export async function* decryptFile(
  key: Uint8Array,
  source: AsyncIterable<Uint8Array>,
  expected: { digest?: Uint8Array } = {},
): AsyncGenerator<Uint8Array> {
  requireBytes(key, 'key', KEY_BYTES);
  if (expected.digest !== undefined) requireBytes(expected.digest, 'expected.digest', 32);
  const digest = createHash('sha256');
  const chunks = new Rechunker(SEALED_CHUNK_BYTES, HEADER_BYTES);
  let index = -1;
  const open = (bytes: Uint8Array, final: boolean) => {
    if (index === -1) {
      checkHeader(bytes);
      digest.update(bytes);
      if (final) throw new CryptoError('TRUNCATED', 'the encrypted file has no chunks');
      index = 0;
      return undefined;
    }
    digest.update(bytes.subarray(bytes.length - TAG_BYTES));
    return openChunk(key, index++, bytes, final);
  };
  for await (const piece of source) {
    for (const bytes of chunks.push(piece)) {
      const plain = open(bytes, false);
      if (plain) yield plain;
    }
  }
  const last = open(chunks.end(), true);
  if (last) yield last;
  if (expected.digest && !bytesEqual(digest.digest(), expected.digest)) {
    throw new CryptoError('DIGEST_MISMATCH', 'the encrypted file is not the one the digest names');
  }
}

/**
 * Decrypts `range` of a file of plaintext `size`, reading the header and only the chunks the range
 * touches through `read`.
 */
export async function* decryptFileRange(
  key: Uint8Array,
  read: CiphertextReader,
  size: number,
  range: FileRange,
): AsyncGenerator<Uint8Array> {
  requireBytes(key, 'key', KEY_BYTES);
  if (typeof read !== 'function') throw invalidInput('read', 'must be a function');
  requireInteger(size, 'size', 0, Number.MAX_SAFE_INTEGER);
  const offset = requireInteger(range?.offset, 'range.offset', 0, size);
  const length = requireInteger(range?.length, 'range.length', 0, size - offset);
  if (length === 0) return;
  checkHeader(await collect(read(0, HEADER_BYTES)));
  const lastIndex = chunkCount(size) - 1;
  const first = Math.floor(offset / FILE_CHUNK_BYTES);
  const last = Math.floor((offset + length - 1) / FILE_CHUNK_BYTES);
  const start = HEADER_BYTES + first * SEALED_CHUNK_BYTES;
  const end = Math.min(HEADER_BYTES + (last + 1) * SEALED_CHUNK_BYTES, encryptedFileSize(size));
  let index = first;
  const open = (bytes: Uint8Array) => {
    if (index > last)
      throw new CryptoError('MALFORMED', 'the reader returned more bytes than asked');
    const plainLength = index === lastIndex ? size - index * FILE_CHUNK_BYTES : FILE_CHUNK_BYTES;
    if (bytes.length !== plainLength + TAG_BYTES) {
      throw new CryptoError('TRUNCATED', `chunk ${index} is not the length the file size implies`);
    }
    const plain = openChunk(key, index, bytes, index === lastIndex);
    const chunkStart = index * FILE_CHUNK_BYTES;
    index += 1;
    return plain.subarray(Math.max(offset - chunkStart, 0), offset + length - chunkStart);
  };
  const chunks = new Rechunker(SEALED_CHUNK_BYTES);
  for await (const piece of read(start, end - start)) {
    for (const bytes of chunks.push(piece)) yield open(bytes);
  }
  const rest = chunks.end();
  if (rest.length > 0 || index <= last) yield open(rest);
  if (index <= last)
    throw new CryptoError('TRUNCATED', `the encrypted file stops before chunk ${index}`);
}

function chunkCount(size: number): number {
  return Math.max(1, Math.ceil(size / FILE_CHUNK_BYTES));
}

function chunkNonce(index: number, final: boolean): Uint8Array {
  const nonce = Buffer.alloc(IV_BYTES);
  nonce.writeUIntBE(index, 2, 6);
  nonce[8] = final ? 1 : 0;
  return nonce;
}

function checkHeader(header: Uint8Array): void {
  if (header.length < HEADER_BYTES)
    throw new CryptoError('TRUNCATED', 'the encrypted file has no header');
  if (header[0] !== HEADER[0] || header[1] !== HEADER[1]) {
    throw new CryptoError('MALFORMED', 'not an encrypted file');
  }
  if (!bytesEqual(header, HEADER)) {
    throw new CryptoError(
      'UNSUPPORTED_VERSION',
      'encrypted file version or chunk size is not supported',
    );
  }
}

/** Authenticates and decrypts one chunk; on failure, says whether the final flag was the problem. */
function openChunk(key: Uint8Array, index: number, sealed: Uint8Array, final: boolean): Uint8Array {
  if (sealed.length < TAG_BYTES) throw new CryptoError('TRUNCATED', `chunk ${index} is cut short`);
  const ciphertext = sealed.subarray(0, sealed.length - TAG_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const plain = gcmDecrypt(key, chunkNonce(index, final), HEADER, ciphertext, tag);
  if (plain) return plain;
  if (gcmDecrypt(key, chunkNonce(index, !final), HEADER, ciphertext, tag)) {
    throw final
      ? new CryptoError('TRUNCATED', `the encrypted file stops after chunk ${index}`)
      : new CryptoError('TRAILING_DATA', `bytes follow the final chunk ${index}`);
  }
  throw new CryptoError('CHUNK_AUTH_FAILED', `chunk ${index} failed authentication`);
}
