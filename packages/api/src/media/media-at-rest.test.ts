import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createDb } from '@parley/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedUp, type TestClient } from '../test/client.js';
import { fixture } from '../test/fixtures.js';
import { startTestApi, type TestApi } from '../test/harness.js';
import { download, filesUnder, mediaChat, uploaded } from '../test/media.js';

/** Three 32-byte pieces from inside the file: any copy of it in the clear would contain them. */
function piecesOf(bytes: Buffer): Buffer[] {
  return [0.25, 0.5, 0.75].map((at) => {
    const start = Math.floor(bytes.length * at);
    return bytes.subarray(start, start + 32);
  });
}

/**
 * Alice sends an image and a voice message; returns pieces of their bytes and of everything the
 * server made from them (cleaned image, thumbnail, AAC rendition), as served back decrypted.
 */
async function uploadedNeedles(chat: { api: TestApi; alice: TestClient; conversationId: string }) {
  const { api, alice } = chat;
  const photo = await fixture('photo.jpg');
  const voice = await fixture('voice.webm');
  const sent = await alice.trpc.messages.send.mutate({
    conversationId: chat.conversationId,
    clientMessageId: randomUUID(),
    text: '',
    attachments: [
      await uploaded(api.url, alice.token, 'image', photo),
      await uploaded(api.url, alice.token, 'voice', voice),
    ],
  });
  const served: Buffer[] = [];
  for (const view of sent.attachments) {
    for (const url of [view.url, view.thumbnailUrl, view.renditionUrl]) {
      if (url) served.push((await download(api.url, url)).bytes);
    }
  }
  expect(served).toHaveLength(4);
  expect(served[2]!.equals(voice)).toBe(true);
  return [photo, voice, ...served].flatMap(piecesOf);
}

describe('media at rest', () => {
  let pgDir: string;
  let api: TestApi;
  let close: () => Promise<void>;

  beforeAll(async () => {
    // The database on disk too, so the scan covers everything the server writes.
    pgDir = await mkdtemp(path.join(os.tmpdir(), 'parley-media-rest-'));
    const database = await createDb({ dataDir: pgDir });
    await database.migrate();
    api = await startTestApi('pglite', {}, { database });
    close = async () => {
      await api.close();
      await database.close();
      await rm(pgDir, { recursive: true, force: true });
    };
  });
  afterAll(() => close());

  it('keeps no byte of an image or a voice message in the clear, in storage or the database', async () => {
    const { client: alice } = await signedUp(api.url, 'rest_media_a');
    await signedUp(api.url, 'rest_media_b');
    const { id } = await alice.trpc.conversations.openDirect.mutate({ username: 'rest_media_b' });
    const needles = await uploadedNeedles({ api, alice, conversationId: id });

    const files = new Map([...(await filesUnder(api.dataDir)), ...(await filesUnder(pgDir))]);
    expect([...files.keys()].filter((name) => name.startsWith('media/'))).toHaveLength(4);
    const found = [...files].filter(([, bytes]) =>
      needles.some((needle) => bytes.includes(needle)),
    );
    expect(found.map(([name]) => name)).toEqual([]);
  });
});

describe('media at rest in an S3 bucket', () => {
  const chat = mediaChat('pglite', 's3', 'rs');

  it('keeps no byte of an image or a voice message in the clear in any stored object', async () => {
    const needles = await uploadedNeedles(chat);
    const objects = await chat.api.stored();
    expect(objects.size).toBe(4);
    const found = [...objects].filter(([, bytes]) => needles.some((n) => bytes.includes(n)));
    expect(found.map(([key]) => key)).toEqual([]);
  });
});
