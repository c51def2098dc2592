import { CryptoError, invalidInput } from './errors.js';

/** libsignal takes `Uint8Array<ArrayBuffer>`; Node Buffers may sit on a shared pool buffer. */
export type OwnedBytes = Uint8Array<ArrayBuffer>;

export function owned(bytes: Uint8Array): OwnedBytes {
  return bytes.buffer instanceof ArrayBuffer
    ? (bytes as OwnedBytes)
    : (new Uint8Array(bytes) as OwnedBytes);
}

export function concatBytes(parts: readonly Uint8Array[]): OwnedBytes {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

export const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

export function decodeUtf8(bytes: Uint8Array, what: string): string {
  try {
    return utf8Decoder.decode(bytes);
  } catch (cause) {
    throw new CryptoError('MALFORMED', `${what} holds invalid UTF-8`, { cause });
  }
}

/** Validates a caller-supplied byte array, naming the field when it is wrong. */
export function requireBytes(value: unknown, field: string, length?: number): Uint8Array {
  if (!(value instanceof Uint8Array)) throw invalidInput(field, 'must be a Uint8Array');
  if (length !== undefined && value.length !== length) {
    throw invalidInput(field, `must be ${length} bytes, got ${value.length}`);
  }
  return value;
}

export function requireString(value: unknown, field: string, maxLength = 256): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw invalidInput(field, 'must be a non-empty string');
  }
  if (value.length > maxLength)
    throw invalidInput(field, `must be at most ${maxLength} characters`);
  return value;
}

export function requireInteger(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidInput(field, `must be an integer from ${min} to ${max}`);
  }
  return value;
}

/** Builds unambiguous binary encodings: fixed-width integers and length-prefixed fields. */
export class ByteWriter {
  private readonly parts: Uint8Array[] = [];

  raw(bytes: Uint8Array): this {
    this.parts.push(bytes);
    return this;
  }

  u8(value: number): this {
    return this.raw(Uint8Array.of(value));
  }

  u32(value: number): this {
    const out = Buffer.alloc(4);
    out.writeUInt32BE(value);
    return this.raw(out);
  }

  u64(value: number): this {
    const out = Buffer.alloc(8);
    out.writeBigUInt64BE(BigInt(value));
    return this.raw(out);
  }

  /** u32 length, then the bytes. */
  bytes(value: Uint8Array): this {
    return this.u32(value.length).raw(value);
  }

  string(value: string): this {
    return this.bytes(utf8.encode(value));
  }

  finish(): OwnedBytes {
    return concatBytes(this.parts);
  }
}

/** Reads what ByteWriter wrote; any overrun is MALFORMED, naming what was being read. */
export class ByteReader {
  private offset = 0;
  private readonly view: DataView;

  constructor(
    private readonly input: Uint8Array,
    private readonly what: string,
  ) {
    this.view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  }

  get remaining(): number {
    return this.input.length - this.offset;
  }

  raw(length: number): Uint8Array {
    if (length > this.remaining) {
      throw new CryptoError('MALFORMED', `${this.what} is truncated`);
    }
    const out = this.input.subarray(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  u8(): number {
    return this.raw(1)[0] as number;
  }

  u32(): number {
    const at = this.offset;
    this.raw(4);
    return this.view.getUint32(at);
  }

  u64(): number {
    const at = this.offset;
    this.raw(8);
    const value = this.view.getBigUint64(at);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new CryptoError('MALFORMED', `${this.what} holds an out-of-range integer`);
    }
    return Number(value);
  }

  bytes(): Uint8Array {
    return this.raw(this.u32());
  }

  string(): string {
    return decodeUtf8(this.bytes(), this.what);
  }

  /** The rest of the input. */
  rest(): Uint8Array {
    return this.raw(this.remaining);
  }

  end(): void {
    if (this.remaining !== 0) throw new CryptoError('MALFORMED', `${this.what} has trailing bytes`);
  }
}
