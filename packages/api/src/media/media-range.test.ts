import { randomBytes } from 'node:crypto';
import { FILE_CHUNK_BYTES } from '@parley/crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { download, mediaChat, mediaTestCases, sentToBob, uploaded } from '../test/media.js';

const K = FILE_CHUNK_BYTES;

describe.each(mediaTestCases())('ranged downloads on %s with %s storage', (dbKind, storageKind) => {
  const chat = mediaChat(dbKind, storageKind, 'mr');
  // Four and a half 64 KiB chunks, so ranges can start, end and cross inside and between chunks.
  const plain = randomBytes(4 * K + K / 2);
  let url: string;
  let mediaId: string;

  beforeAll(async () => {
    const attachment = await uploaded(chat.api.url, chat.alice.token, 'file', plain, 'data.bin');
    mediaId = attachment.mediaId;
    url = (await sentToBob(chat, [attachment])).attachments[0]!.url;
  });

  const size = plain.length;
  it.each([
    ['within the first chunk', `bytes=10-99`, 10, 99],
    ['one byte at a chunk boundary', `bytes=${K}-${K}`, K, K],
    ['across one boundary', `bytes=${K - 7}-${K + 6}`, K - 7, K + 6],
    ['across three chunks', `bytes=${K - 1}-${3 * K}`, K - 1, 3 * K],
    ['open-ended from a boundary', `bytes=${2 * K}-`, 2 * K, size - 1],
    ['the last bytes (suffix)', `bytes=-100`, size - 100, size - 1],
    ['past the end, clamped', `bytes=${size - 5}-${size + 1000}`, size - 5, size - 1],
  ])('returns exactly the bytes asked for: %s', async (_label, range, start, end) => {
    const got = await download(chat.api.url, url, { range });
    expect(got.status).toBe(206);
    expect(got.headers.get('content-range')).toBe(`bytes ${start}-${end}/${size}`);
    expect(got.headers.get('content-length')).toBe(String(end - start + 1));
    expect(got.headers.get('accept-ranges')).toBe('bytes');
    expect(got.bytes.equals(plain.subarray(start, end + 1))).toBe(true);
  });

  it('answers a range past the end with 416, and no Range with everything', async () => {
    const past = await download(chat.api.url, url, { range: `bytes=${size}-` });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${size}`);
    const whole = await download(chat.api.url, url);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.bytes.equals(plain)).toBe(true);
  });

  it('serves ranges of the ciphertext to a Bearer token without a ticket', async () => {
    const whole = await download(chat.api.url, `/media/${mediaId}`, { token: chat.bob.token! });
    expect(whole.status).toBe(200);
    expect(whole.bytes.includes(plain.subarray(0, 64))).toBe(false);
    const part = await download(chat.api.url, `/media/${mediaId}`, {
      token: chat.bob.token!,
      range: `bytes=${K}-${K + 99}`,
    });
    expect(part.status).toBe(206);
    expect(part.bytes.equals(whole.bytes.subarray(K, K + 100))).toBe(true);
  });
});
