import { randomBytes, randomUUID } from 'node:crypto';
import { FILE_CHUNK_BYTES } from '@parley/crypto';
import { testDbKinds } from '@parley/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedUp, type TestClient } from '../test/client.js';
import { download, startMediaApi, uploaded, type MediaTestApi } from '../test/media.js';
import { startS3Server, type TestS3Server } from '../test/s3-server.js';

const storageKinds = ['local', 's3'] as const;
const cases = testDbKinds().flatMap((db) => storageKinds.map((storage) => [db, storage] as const));
const K = FILE_CHUNK_BYTES;

describe.each(cases)('ranged downloads on %s with %s storage', (dbKind, storageKind) => {
  let s3: TestS3Server | null = null;
  let api: MediaTestApi;
  let alice: TestClient;
  let bob: TestClient;
  // Four and a half 64 KiB chunks, so ranges can start, end and cross inside and between chunks.
  const plain = randomBytes(4 * K + K / 2);
  let url: string;
  let mediaId: string;
  const tag = `${dbKind[0]}${storageKind[0]}`;

  beforeAll(async () => {
    if (storageKind === 's3') s3 = await startS3Server();
    api = await startMediaApi(dbKind, storageKind, s3);
    alice = (await signedUp(api.url, `mr_alice_${tag}`)).client;
    bob = (await signedUp(api.url, `mr_bob_${tag}`)).client;
    const { id } = await alice.trpc.conversations.openDirect.mutate({ username: `mr_bob_${tag}` });
    const attachment = await uploaded(api.url, alice.token, 'file', plain, 'data.bin');
    mediaId = attachment.mediaId;
    await alice.trpc.messages.send.mutate({
      conversationId: id,
      clientMessageId: randomUUID(),
      text: '',
      attachments: [attachment],
    });
    url = (await bob.trpc.messages.list.query({ conversationId: id })).messages[0]!.attachments[0]!
      .url;
  });
  afterAll(async () => {
    await api.close();
    await s3?.close();
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
    const got = await download(api.url, url, { range });
    expect(got.status).toBe(206);
    expect(got.headers.get('content-range')).toBe(`bytes ${start}-${end}/${size}`);
    expect(got.headers.get('content-length')).toBe(String(end - start + 1));
    expect(got.headers.get('accept-ranges')).toBe('bytes');
    expect(got.bytes.equals(plain.subarray(start, end + 1))).toBe(true);
  });

  it('answers a range past the end with 416, and no Range with everything', async () => {
    const past = await download(api.url, url, { range: `bytes=${size}-` });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${size}`);
    const whole = await download(api.url, url);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.bytes.equals(plain)).toBe(true);
  });

  it('serves ranges of the ciphertext to a Bearer token without a ticket', async () => {
    const whole = await download(api.url, `/media/${mediaId}`, { token: bob.token! });
    expect(whole.status).toBe(200);
    expect(whole.bytes.includes(plain.subarray(0, 64))).toBe(false);
    const part = await download(api.url, `/media/${mediaId}`, {
      token: bob.token!,
      range: `bytes=${K}-${K + 99}`,
    });
    expect(part.status).toBe(206);
    expect(part.bytes.equals(whole.bytes.subarray(K, K + 100))).toBe(true);
  });
});
