import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { count } from 'drizzle-orm';
import { encryptedFileSize } from '@parley/crypto';
import { schema } from '@parley/db';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { fixture } from '../test/fixtures.js';
import { TEST_ORIGIN } from '../test/harness.js';
import {
  download,
  mediaChat,
  mediaTestCases,
  sentToBob,
  upload,
  uploaded,
  waitFor,
} from '../test/media.js';
import type { TAttachment } from './attachment.js';
import { DEFAULT_MEDIA_CONFIG } from './media-config.js';

const MB = 1024 * 1024;
// Small limits, so refusing "too large" needs no big bodies.
const media = {
  ...DEFAULT_MEDIA_CONFIG,
  maxBytes: { ...DEFAULT_MEDIA_CONFIG.maxBytes, image: MB, file: 2 * MB },
};

describe.each(mediaTestCases())('hostile uploads on %s with %s storage', (dbKind, storageKind) => {
  const chat = mediaChat(dbKind, storageKind, 'ms', { media });

  const mediaRows = async () =>
    (await chat.api.services.db.select({ n: count() }).from(schema.media))[0]!.n;

  /** What storage and the database hold, to show that a refused upload left nothing behind. */
  async function snapshot() {
    return { keys: [...(await chat.api.stored()).keys()].sort(), rows: await mediaRows() };
  }

  const aliceUploads = async (kind: string, file: string, name?: string) =>
    uploaded(chat.api.url, chat.alice.token, kind, await fixture(file), name);
  const sendAndView = async (attachment: TAttachment) =>
    (await sentToBob(chat, [attachment])).attachments[0]!;

  it('refuses an upload over the limit with 413, from Content-Length or as it streams', async () => {
    const before = await snapshot();
    const declared = await upload(chat.api.url, chat.alice.token, 'image', randomBytes(MB + 1));
    expect(declared).toMatchObject({
      status: 413,
      body: {
        error: {
          code: 'PAYLOAD_TOO_LARGE',
          field: 'file',
          message: 'An image can be at most 1 MB.',
        },
      },
    });
    // No Content-Length: the count passes the limit part-way through.
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 5 * MB) return controller.close();
        sent += 256 * 1024;
        controller.enqueue(randomBytes(256 * 1024));
      },
    });
    const streamed = await upload(chat.api.url, chat.alice.token, 'file', stream);
    expect(streamed).toMatchObject({
      status: 413,
      body: { error: { code: 'PAYLOAD_TOO_LARGE', message: 'A file can be at most 2 MB.' } },
    });
    await waitFor(() => chat.api.puts.started === chat.api.puts.settled);
    expect(await snapshot()).toEqual(before);
  });

  it("allows an SDK device's ciphertext only up to the encrypted size of the limit", async () => {
    const before = await snapshot();
    const cap = encryptedFileSize(2 * MB);
    const over = await upload(chat.api.url, chat.alice.token, 'file', randomBytes(cap + 1), {
      encrypted: true,
    });
    expect(over).toMatchObject({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE' } } });
    expect(await snapshot()).toEqual(before);
    const atCap = await upload(chat.api.url, chat.alice.token, 'file', randomBytes(cap), {
      encrypted: true,
    });
    expect(atCap).toMatchObject({ status: 201, body: { size: cap } });
  });

  it('refuses an "image" or "video" whose bytes are not one with 415', async () => {
    const before = await snapshot();
    for (const [kind, file] of [
      ['image', 'html-named.png'],
      ['image', 'script.svg'],
      ['video', 'notes.txt'],
      ['video', 'photo.jpg'],
      ['voice', 'page.html'],
    ] as const) {
      const result = await upload(chat.api.url, chat.alice.token, kind, await fixture(file), {
        name: file,
      });
      expect(result.status, `${kind} ${file}`).toBe(415);
      expect(result.body.error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', field: 'file' });
    }
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a pixel flood before decoding it', async () => {
    const before = await snapshot();
    const result = await upload(
      chat.api.url,
      chat.alice.token,
      'image',
      await fixture('pixel-flood.png'),
    );
    expect([413, 422]).toContain(result.status);
    expect(result.body.error?.message).toMatch(/megapixels/);
    expect(await snapshot()).toEqual(before);
  });

  it('stores a "../"-named file under a server-made name and serves it under a safe one', async () => {
    const attachment = await aliceUploads('file', 'notes.txt', '../../etc/passwd');
    expect(attachment.name).not.toMatch(/[/\\]|\.\./);
    for (const key of (await chat.api.stored()).keys())
      expect(key).toMatch(/^files\/[0-9a-f]{32}$/);
    const view = await sendAndView(attachment);
    const file = await download(chat.api.url, view.url);
    expect(file.status).toBe(200);
    const disposition = file.headers.get('content-disposition')!;
    expect(disposition).toMatch(/^attachment; /);
    expect(disposition).not.toMatch(/[/\\]|\.\./);
  });

  it('serves an SVG with a script and an HTML page only as attachments with nosniff', async () => {
    for (const name of ['script.svg', 'page.html']) {
      const bytes = await fixture(name);
      const view = await sendAndView(
        await uploaded(chat.api.url, chat.alice.token, 'file', bytes, name),
      );
      for (const url of [view.url, `${view.url}&download=1`]) {
        const file = await download(chat.api.url, url);
        expect(file.bytes.equals(bytes)).toBe(true);
        expect(file.headers.get('content-type')).toBe('application/octet-stream');
        expect(file.headers.get('content-disposition')).toMatch(/^attachment; /);
        expect(file.headers.get('x-content-type-options')).toBe('nosniff');
        expect(file.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
      }
    }
  });

  it('serves a GIF with a script appended only as image/gif, with nosniff', async () => {
    const gif = await aliceUploads('image', 'polyglot.gif');
    const file = await download(chat.api.url, (await sendAndView(gif)).url);
    expect(file.headers.get('content-type')).toBe('image/gif');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('gives back a JPEG with GPS EXIF without any EXIF, turned upright', async () => {
    const original = await sharp(await fixture('photo-gps.jpg')).metadata();
    expect(original.exif).toBeDefined();
    const attachment = await aliceUploads('image', 'photo-gps.jpg');
    const image = await download(chat.api.url, (await sendAndView(attachment)).url);
    const cleaned = await sharp(image.bytes).metadata();
    expect(cleaned.exif).toBeUndefined();
    expect(cleaned.xmp).toBeUndefined();
    expect(cleaned.orientation ?? 1).toBe(1);
    expect([cleaned.width, cleaned.height]).toEqual([original.height, original.width]);
  });

  it('leaves nothing behind when an upload is killed half-way', async () => {
    const before = await snapshot();
    const started = chat.api.puts.started;
    const token = chat.alice.token!;
    const req = http.request(`${chat.api.url}/media?kind=file&name=big.bin`, {
      method: 'POST',
      headers: {
        origin: TEST_ORIGIN,
        authorization: `Bearer ${token}`,
        'content-length': String(2 * MB - 1),
      },
    });
    req.on('error', () => {});
    // More than an S3 part would need, all but the end.
    for (let i = 0; i < 7; i += 1) req.write(randomBytes(256 * 1024));
    await waitFor(() => chat.api.puts.started > started);
    if (storageKind === 'local') {
      // The half-written object is there (as a temporary file) until the upload fails.
      await waitFor(async () => (await chat.api.stored()).size > before.keys.length);
    }
    req.destroy();
    await waitFor(() => chat.api.puts.started === chat.api.puts.settled);
    await waitFor(async () => (await snapshot()).keys.length === before.keys.length);
    expect(await snapshot()).toEqual(before);
  });
});
