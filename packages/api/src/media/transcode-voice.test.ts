import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';

import { fileTypeFromBuffer } from 'file-type';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import type { AppError } from '../errors.js';
import { appErrorOf } from '../test/app-error.js';
import { fixture } from '../test/fixtures.js';
import { needsRendition, probeVoiceDuration, transcodeVoice } from './transcode-voice.js';

// Each run's temporary folder goes under one made for this file, to show that none is left behind.
let temp: string;
beforeAll(async () => {
  temp = await mkdtemp(join(tmpdir(), 'voice-test-'));
  vi.stubEnv('TMPDIR', temp);
  expect(tmpdir()).toBe(temp);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await rm(temp, { recursive: true, force: true });
});

async function expectNothingLeft(): Promise<void> {
  expect(await readdir(temp)).toEqual([]);
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await appErrorOf(promise, 'file');
  await expectNothingLeft();
  return error;
}

const UNREADABLE = 'The voice message could not be read; the file may be damaged or not audio.';

describe('probeVoiceDuration', () => {
  it('measures each recording format by decoding it', async () => {
    for (const [name, type] of [
      ['voice.webm', 'audio/webm'],
      ['voice.ogg', 'audio/ogg'],
      ['voice.m4a', 'audio/mp4'],
    ] as const) {
      const durationMs = await probeVoiceDuration(await fixture(name), type);
      // The fixtures are 5 s tones; codecs pad a few milliseconds.
      expect(Math.abs(durationMs - 5000)).toBeLessThan(50);
    }
    await expectNothingLeft();
  });

  it('reads a stream as well as bytes', async () => {
    const bytes = await fixture('voice.ogg');
    const fromStream = await probeVoiceDuration(
      Readable.from([bytes.subarray(0, 5000), bytes.subarray(5000)]),
      'audio/ogg',
    );
    expect(fromStream).toBe(await probeVoiceDuration(bytes, 'audio/ogg'));
    await expectNothingLeft();
  });

  it('refuses a recording longer than the limit', async () => {
    const error = await refusal(
      probeVoiceDuration(await fixture('voice.webm'), 'audio/webm', { maxDurationMs: 4000 }),
    );
    expect(error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(error.message).toBe('The voice message must be 4 seconds long or shorter.');
    expect(
      await probeVoiceDuration(await fixture('voice.webm'), 'audio/webm', { maxDurationMs: 6000 }),
    ).toBeGreaterThan(4900);
  });

  it('refuses garbage, a video without sound and a playlist, with a clear message', async () => {
    const random = Buffer.from(Array.from({ length: 20_000 }, (_, i) => (i * 7919) % 251));
    const playlist = Buffer.from('#EXTM3U\n#EXTINF:5,\nfile:///etc/passwd\n');
    for (const [bytes, type] of [
      [random, 'audio/webm'],
      [await fixture('page.html'), 'audio/ogg'],
      [await fixture('photo.jpg'), 'audio/mp4'],
      [playlist, 'audio/mpeg'],
      [Buffer.alloc(0), 'audio/webm'],
    ] as const) {
      const error = await refusal(probeVoiceDuration(bytes, type));
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.message).toBe(UNREADABLE);
    }
  });

  it('refuses a recording that takes too long to decode, leaving nothing', async () => {
    const error = await refusal(
      probeVoiceDuration(await fixture('voice.webm'), 'audio/webm', { timeoutMs: 1 }),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe(
      'The voice message took too long to process; the file may be damaged.',
    );
  });

  it('refuses a type it does not read as 415', async () => {
    const error = await refusal(probeVoiceDuration(await fixture('voice.webm'), 'video/webm'));
    expect(error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});

describe('transcodeVoice', () => {
  it('turns Opus in WebM into AAC in MP4 of the same length, ready to stream', async () => {
    const webm = await fixture('voice.webm');
    const original = await probeVoiceDuration(webm, 'audio/webm');
    const rendition = await transcodeVoice(webm, 'audio/webm');
    await expectNothingLeft();

    expect(rendition.mediaType).toBe('audio/mp4');
    expect(['audio/x-m4a', 'audio/mp4', 'video/mp4']).toContain(
      (await fileTypeFromBuffer(rendition.bytes))?.mime,
    );
    const text = rendition.bytes.toString('latin1');
    // An AAC sample entry, and the index (moov) before the audio data (mdat): "faststart".
    expect(text).toContain('mp4a');
    expect(text).not.toContain('Opus');
    expect(text.indexOf('moov')).toBeGreaterThan(0);
    expect(text.indexOf('moov')).toBeLessThan(text.indexOf('mdat'));

    const measured = await probeVoiceDuration(rendition.bytes, 'audio/mp4');
    expect(Math.abs(measured - original)).toBeLessThan(100);
    expect(Math.abs(rendition.durationMs - original)).toBeLessThan(100);
  });

  it('turns Opus in Ogg into AAC in MP4', async () => {
    const rendition = await transcodeVoice(await fixture('voice.ogg'), 'audio/ogg');
    expect(Math.abs(rendition.durationMs - 5000)).toBeLessThan(100);
    expect(await probeVoiceDuration(rendition.bytes, 'audio/mp4')).toBe(rendition.durationMs);
    await expectNothingLeft();
  });

  it('keeps what can be decoded of a cut-off recording, and refuses what cannot', async () => {
    const webm = await fixture('voice.webm');
    const half = await transcodeVoice(webm.subarray(0, webm.length / 2), 'audio/webm');
    expect(half.durationMs).toBeGreaterThan(1000);
    expect(half.durationMs).toBeLessThan(4000);

    const error = await refusal(transcodeVoice(webm.subarray(0, 200), 'audio/webm'));
    expect(error.message).toBe(UNREADABLE);
  });

  it('refuses a recording longer than the limit, leaving nothing', async () => {
    const error = await refusal(
      transcodeVoice(await fixture('voice.ogg'), 'audio/ogg', { maxDurationMs: 2000 }),
    );
    expect(error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('needsRendition', () => {
  it('asks for AAC in MP4 where Opus is not played everywhere', () => {
    expect(needsRendition('audio/webm')).toBe(true);
    expect(needsRendition('audio/ogg')).toBe(true);
    expect(needsRendition('audio/mp4')).toBe(false);
    expect(needsRendition('audio/mpeg')).toBe(false);
  });
});
