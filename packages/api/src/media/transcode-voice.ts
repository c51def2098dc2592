import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';

import ffmpeg from '@ffmpeg-installer/ffmpeg';

import { AppError } from '../errors.js';

const run = promisify(execFile);

/** Longest one ffmpeg run may take; 15 minutes of Opus decode and encode in a few seconds. */
export const VOICE_TIMEOUT_MS = 60_000;

/** Folders for ffmpeg's input and output are made under os.tmpdir() with this prefix. */
const TEMP_PREFIX = 'parley-voice-';
/** The names of ffmpeg's input and output inside that folder. */
const SOURCE = 'source';
const RENDITION = 'rendition.m4a';

export type VoiceInput = Buffer | AsyncIterable<Uint8Array>;

export interface VoiceOptions {
  /** Longer recordings are refused with 413; decoding stops just past it. */
  maxDurationMs?: number;
  /** Past this ffmpeg is killed and the recording refused; VOICE_TIMEOUT_MS by default. */
  timeoutMs?: number;
}

export interface VoiceRendition {
  bytes: Buffer;
  mediaType: 'audio/mp4';
  durationMs: number;
}

// The demuxer is named, never guessed by ffmpeg: a file that claims to be audio but is a playlist or a
// concat script would otherwise make ffmpeg open other files or URLs it names.
const DEMUXERS: Record<string, string> = {
  'audio/webm': 'matroska',
  'audio/ogg': 'ogg',
  'audio/mp4': 'mov',
  'audio/mpeg': 'mp3',
};

/** Whether a voice message of this type needs an AAC/MP4 rendition to play in every browser. */
export function needsRendition(mediaType: string): boolean {
  return mediaType === 'audio/webm' || mediaType === 'audio/ogg';
}

/**
 * The duration of a voice recording in milliseconds, measured by decoding it (a recording made by
 * MediaRecorder carries no duration in its header, and a header could lie).
 */
export function probeVoiceDuration(
  input: VoiceInput,
  mediaType: string,
  options: VoiceOptions = {},
): Promise<number> {
  return decodeVoice(
    input,
    mediaType,
    options,
    ['-f', 'null', '-'],
    async (durationMs) => durationMs,
  );
}

/**
 * AAC in MP4 (moov first, so playback starts before the whole file is loaded) from a voice recording,
 * with no metadata, and its measured duration.
 */
export function transcodeVoice(
  input: VoiceInput,
  mediaType: string,
  options: VoiceOptions = {},
): Promise<VoiceRendition> {
  const encode = ['-map_metadata', '-1', '-c:a', 'aac', '-b:a', '64k', '-movflags', '+faststart'];
  return decodeVoice(
    input,
    mediaType,
    options,
    [...encode, '-f', 'ipod', RENDITION],
    async (durationMs, folder) => ({
      bytes: await readFile(join(folder, RENDITION)),
      mediaType: 'audio/mp4',
      durationMs,
    }),
  );
}

/**
 * Writes the recording into a fresh temporary folder, has ffmpeg decode it there with these output
 * options, and hands over the duration it measured while the folder still exists; the folder is
 * removed whatever happens.
 */
async function decodeVoice<T>(
  input: VoiceInput,
  mediaType: string,
  options: VoiceOptions,
  output: string[],
  done: (durationMs: number, folder: string) => Promise<T>,
): Promise<T> {
  const folder = await mkdtemp(join(tmpdir(), TEMP_PREFIX));
  try {
    const source = join(folder, SOURCE);
    if (Buffer.isBuffer(input)) await writeFile(source, input);
    else await pipeline(input, createWriteStream(source));
    const durationMs = await ffmpegDuration(
      [...inputArgs(mediaType, options), ...output],
      folder,
      options,
    );
    return await done(durationMs, folder);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** ffmpeg options that read only the first audio stream of the source, up to just past the limit. */
function inputArgs(mediaType: string, options: VoiceOptions): string[] {
  const demuxer = DEMUXERS[mediaType];
  if (!demuxer) {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      'The file is not a voice recording; send Opus in WebM or Ogg, AAC in MP4, or MP3.',
      'file',
    );
  }
  const limit =
    options.maxDurationMs === undefined ? [] : ['-t', String(options.maxDurationMs / 1000 + 1)];
  return [
    ['-hide_banner', '-nostdin', '-loglevel', 'error', '-nostats', '-progress', 'pipe:1'],
    ['-protocol_whitelist', 'file', '-f', demuxer, '-i', SOURCE],
    ['-map', '0:a:0', ...limit],
  ].flat();
}

/** Runs ffmpeg in the folder and returns how much audio it wrote, from its progress report. */
async function ffmpegDuration(
  args: string[],
  folder: string,
  options: VoiceOptions,
): Promise<number> {
  let progress: string;
  try {
    ({ stdout: progress } = await run(ffmpeg.path, args, {
      cwd: folder,
      timeout: options.timeoutMs ?? VOICE_TIMEOUT_MS,
      killSignal: 'SIGKILL',
    }));
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') throw error;
    throw (error as { killed?: boolean }).killed
      ? badVoice('The voice message took too long to process; the file may be damaged.')
      : unreadableVoice();
  }
  // The report ends with the totals: the last out_time_us is the length of what was written.
  const times = [...progress.matchAll(/^out_time_us=(\d+)$/gm)];
  const durationMs = Math.round(Number(times.at(-1)?.[1] ?? 0) / 1000);
  if (durationMs <= 0) throw unreadableVoice();
  if (options.maxDurationMs !== undefined && durationMs > options.maxDurationMs) {
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `The voice message must be ${formatLimit(options.maxDurationMs)} long or shorter.`,
      'file',
    );
  }
  return durationMs;
}

function formatLimit(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds % 60 !== 0) return `${seconds} seconds`;
  return seconds === 60 ? '1 minute' : `${seconds / 60} minutes`;
}

function badVoice(message: string): AppError {
  return new AppError('BAD_REQUEST', message, 'file');
}

function unreadableVoice(): AppError {
  return badVoice('The voice message could not be read; the file may be damaged or not audio.');
}
