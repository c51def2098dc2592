import { invalidInput } from './errors.js';

/**
 * Re-cuts a byte stream into `size`-byte chunks, holding at most one chunk plus one input piece.
 * `push` returns the chunks completed so far, but only once a later byte has arrived, so `end`
 * always returns the last chunk (full, short or empty). With `headSize`, a head of that size
 * comes first. Synchronous, so the per-chunk cost stays out of the promise machinery. Pieces must
 * not be changed after they are pushed.
 */
export class Rechunker {
  private readonly pending: Uint8Array[] = [];
  private buffered = 0;
  private next: number;

  constructor(
    private readonly size: number,
    headSize?: number,
  ) {
    this.next = headSize ?? size;
  }

  push(piece: Uint8Array): Uint8Array[] {
    if (!(piece instanceof Uint8Array))
      throw invalidInput('source', 'must yield Uint8Array chunks');
    const out: Uint8Array[] = [];
    if (piece.length === 0) return out;
    this.pending.push(piece);
    this.buffered += piece.length;
    while (this.buffered > this.next) {
      out.push(this.take(this.next));
      this.next = this.size;
    }
    return out;
  }

  end(): Uint8Array {
    return this.take(this.buffered);
  }

  private take(length: number): Uint8Array {
    this.buffered -= length;
    const pending = this.pending;
    const first = pending[0];
    if (first && first.length >= length) {
      if (first.length === length) pending.shift();
      else pending[0] = first.subarray(length);
      return first.subarray(0, length);
    }
    const out = new Uint8Array(length);
    for (let at = 0; at < length;) {
      const piece = pending[0] as Uint8Array;
      const count = Math.min(piece.length, length - at);
      out.set(piece.subarray(0, count), at);
      at += count;
      if (count === piece.length) pending.shift();
      else pending[0] = piece.subarray(count);
    }
    return out;
  }
}

/** Gathers a short stream (a header) into one array. */
export async function collect(source: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const pieces: Uint8Array[] = [];
  let length = 0;
  for await (const piece of source) {
    pieces.push(piece);
    length += piece.length;
  }
  return Buffer.concat(pieces, length);
}
