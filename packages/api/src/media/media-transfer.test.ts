import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { decryptFile, encryptFile } from '@parley/crypto';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { fixture } from '../test/fixtures.js';
import { download, mediaChat, mediaTestCases, sentToBob, upload, uploaded } from '../test/media.js';
import type { TAttachment } from './attachment.js';

describe.each(mediaTestCases())('media transfer on %s with %s storage', (dbKind, storageKind) => {
  const chat = mediaChat(dbKind, storageKind, 'mt');

  /** Bob's view of the attachments once Alice has sent them. */
  async function sentToBobViews(attachments: TAttachment[], text = '') {
    const seen = await sentToBob(chat, attachments, text);
    expect(seen.text).toBe(text);
    return seen.attachments;
  }

  it('round-trips an image: cleaned, with a thumbnail and a placeholder', async () => {
    const attachment = await uploaded(
      chat.api.url,
      chat.alice.token,
      'image',
      await fixture('photo.jpg'),
    );
    expect(attachment).toMatchObject({
      kind: 'image',
      mediaType: 'image/jpeg',
      width: 1600,
      height: 1200,
      thumbnail: { mediaType: 'image/webp' },
    });
    expect(attachment.placeholder).toMatch(/^data:image\/webp;base64,/);
    const [view] = await sentToBobViews([attachment], 'a photo');
    expect(view).toMatchObject({ id: attachment.mediaId, kind: 'image', name: 'a.image' });
    expect(JSON.stringify(view)).not.toContain(attachment.key);

    const image = await download(chat.api.url, view!.url);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/jpeg');
    expect(image.headers.get('content-disposition')).toMatch(/^inline/);
    expect(image.bytes.length).toBe(attachment.size);
    expect(await sharp(image.bytes).metadata()).toMatchObject({ width: 1600, height: 1200 });
    const thumbnail = await download(chat.api.url, view!.thumbnailUrl!);
    expect(await sharp(thumbnail.bytes).metadata()).toMatchObject({ format: 'webp' });
  });

  it('round-trips a video byte for byte', async () => {
    const clip = await fixture('clip.mp4');
    const attachment = await uploaded(chat.api.url, chat.alice.token, 'video', clip, 'clip.mp4');
    expect(attachment).toMatchObject({ kind: 'video', mediaType: 'video/mp4', size: clip.length });
    const [view] = await sentToBobViews([
      { ...attachment, width: 320, height: 240, durationMs: 4000 },
    ]);
    expect(view).toMatchObject({ width: 320, height: 240, durationMs: 4000 });
    const video = await download(chat.api.url, view!.url);
    expect(video.headers.get('content-type')).toBe('video/mp4');
    expect(video.bytes.equals(clip)).toBe(true);
  });

  it('round-trips a voice message with its measured duration and an AAC rendition', async () => {
    const voice = await fixture('voice.webm');
    const attachment = await uploaded(chat.api.url, chat.alice.token, 'voice', voice, 'voice.webm');
    expect(attachment).toMatchObject({ kind: 'voice', mediaType: 'audio/webm' });
    expect(attachment.durationMs).toBeGreaterThan(4_500);
    expect(attachment.durationMs).toBeLessThan(5_500);
    expect(attachment.rendition?.mediaType).toBe('audio/mp4');
    const [view] = await sentToBobViews([{ ...attachment, waveform: [0, 128, 255] }]);
    expect(view).toMatchObject({ waveform: [0, 128, 255], renditionType: 'audio/mp4' });
    expect((await download(chat.api.url, view!.url)).bytes.equals(voice)).toBe(true);
    const rendition = await download(chat.api.url, view!.renditionUrl!);
    expect(rendition.headers.get('content-type')).toBe('audio/mp4');
    expect(rendition.bytes.subarray(4, 8).toString()).toBe('ftyp');
  });

  it('round-trips any file byte for byte, served only as an attachment', async () => {
    const notes = await fixture('notes.txt');
    const attachment = await uploaded(chat.api.url, chat.alice.token, 'file', notes, 'notes.txt');
    const [view] = await sentToBobViews([attachment], 'the notes');
    const file = await download(chat.api.url, view!.url);
    expect(file.bytes.equals(notes)).toBe(true);
    expect(file.headers.get('content-type')).toBe('application/octet-stream');
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="?notes\.txt"?/);
  });

  it("stores an SDK device's own ciphertext and serves it back as stored", async () => {
    const plain = randomBytes(200_000);
    const encryption = encryptFile(Readable.from([plain]));
    const ciphertext = await buffer(encryption.ciphertext);
    const result = await upload(chat.api.url, chat.alice.token, 'file', ciphertext, {
      encrypted: true,
    });
    expect(result).toMatchObject({ status: 201, body: { size: ciphertext.length } });
    const got = await download(chat.api.url, `/media/${result.body.mediaId}`, {
      token: chat.alice.token!,
    });
    expect(got.status).toBe(200);
    expect(got.bytes.equals(ciphertext)).toBe(true);
    const opened = await buffer(decryptFile(encryption.key, Readable.from([got.bytes])));
    expect(opened.equals(plain)).toBe(true);
  });
});
