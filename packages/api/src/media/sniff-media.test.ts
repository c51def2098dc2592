import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';

import { describe, expect, it } from 'vitest';

import type { AppError } from '../errors.js';
import { appErrorOf } from '../test/app-error.js';
import { fixture } from '../test/fixtures.js';
import type { TMediaKind } from './media-kind.js';
import { sniffMedia } from './sniff-media.js';

/** A stream of the bytes in small chunks, as a socket delivers them, counting what was pulled. */
function trickle(bytes: Buffer, chunkSize = 1000): { stream: Readable; pulled: () => number } {
  let offset = 0;
  const stream = new Readable({
    highWaterMark: chunkSize,
    read() {
      if (offset >= bytes.length) return this.push(null);
      this.push(bytes.subarray(offset, offset + chunkSize));
      offset += chunkSize;
    },
  });
  return { stream, pulled: () => offset };
}

async function sniffed(name: string, kind: TMediaKind): Promise<string> {
  const bytes = await fixture(name);
  const { mediaType, body } = await sniffMedia(trickle(bytes).stream, kind);
  // Whatever was read to decide is given back: the body is the upload, byte for byte.
  expect((await buffer(body)).equals(bytes)).toBe(true);
  return mediaType;
}

async function refusal(name: string, kind: TMediaKind): Promise<AppError> {
  const error = await appErrorOf(sniffMedia(trickle(await fixture(name)).stream, kind), 'file');
  expect(error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  return error;
}

describe('sniffMedia', () => {
  it('accepts images by their bytes', async () => {
    expect(await sniffed('photo.jpg', 'image')).toBe('image/jpeg');
    expect(await sniffed('picture.png', 'image')).toBe('image/png');
    expect(await sniffed('animated.gif', 'image')).toBe('image/gif');
    // A GIF with a script appended is a GIF; it is served as one (with nosniff), never as HTML.
    expect(await sniffed('polyglot.gif', 'image')).toBe('image/gif');
  });

  it('refuses as an image what is not one, whatever its name', async () => {
    for (const name of ['html-named.png', 'script.svg', 'page.html', 'clip.mp4', 'notes.txt']) {
      const error = await refusal(name, 'image');
      expect(error.message).toBe(
        'The file is not an image; send a JPEG, PNG, WebP, GIF, or AVIF image.',
      );
    }
  });

  it('accepts videos and refuses anything else as one', async () => {
    expect(await sniffed('clip.mp4', 'video')).toBe('video/mp4');
    expect(await sniffed('clip.webm', 'video')).toBe('video/webm');
    for (const name of ['photo.jpg', 'voice.ogg', 'page.html']) {
      expect((await refusal(name, 'video')).message).toBe(
        'The file is not a video; send an MP4, WebM or QuickTime video.',
      );
    }
  });

  it('names each voice recording as the audio it holds', async () => {
    expect(await sniffed('voice.webm', 'voice')).toBe('audio/webm');
    expect(await sniffed('voice.ogg', 'voice')).toBe('audio/ogg');
    expect(await sniffed('voice.m4a', 'voice')).toBe('audio/mp4');
    for (const name of ['photo.jpg', 'script.svg', 'notes.txt']) {
      expect((await refusal(name, 'voice')).message).toMatch(/^The file is not a voice recording/);
    }
  });

  it('takes any file, with the type its bytes show or none', async () => {
    expect(await sniffed('photo.jpg', 'file')).toBe('image/jpeg');
    for (const name of ['script.svg', 'page.html', 'html-named.png', 'notes.txt']) {
      expect(await sniffed(name, 'file')).toBe('application/octet-stream');
    }
  });

  it('handles an empty upload and one shorter than the head', async () => {
    const empty = await sniffMedia(Readable.from([]), 'file');
    expect(empty.mediaType).toBe('application/octet-stream');
    expect((await buffer(empty.body)).length).toBe(0);
    await expect(sniffMedia(Readable.from([]), 'image')).rejects.toThrow(/not an image/);

    const tiny = Buffer.from('hello');
    const small = await sniffMedia(Readable.from([tiny]), 'file');
    expect((await buffer(small.body)).equals(tiny)).toBe(true);
  });

  it('reads only the head before deciding, and streams the rest after', async () => {
    const video = await fixture('clip.mp4');
    const source = trickle(video);
    const { body } = await sniffMedia(source.stream, 'video');
    // 4100 bytes in 1000-byte chunks, plus what the stream reads ahead: far from the 424 kB clip.
    expect(source.pulled()).toBeLessThan(10_000);
    expect((await buffer(body)).equals(video)).toBe(true);
    expect(source.pulled()).toBeGreaterThanOrEqual(video.length);
  });

  it('releases the upload when the body is abandoned', async () => {
    const source = trickle(await fixture('clip.mp4'));
    const { body } = await sniffMedia(source.stream, 'video');
    for await (const _chunk of body) break;
    // Leaving the loop destroys the body, which must destroy the upload in turn.
    await new Promise<void>((resolve) => {
      if (source.stream.destroyed) resolve();
      else source.stream.once('close', resolve);
    });
    expect(source.stream.destroyed).toBe(true);
  });
});
