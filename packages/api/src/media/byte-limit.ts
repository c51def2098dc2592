import type { Readable } from 'node:stream';

/**
 * The request body, refused with `tooLarge()` as soon as it passes `max` bytes. The request is read
 * without being destroyed when reading stops early, so the route can still answer on its socket.
 */
export async function* limitBytes(
  req: Readable,
  max: number,
  tooLarge: () => Error,
): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > max) throw tooLarge();
    yield chunk;
  }
}
