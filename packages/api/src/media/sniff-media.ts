import { Readable } from 'node:stream';

import { fileTypeFromBuffer } from 'file-type';

import { AppError } from '../errors.js';
import { ACCEPTED_IMAGE_LABELS, acceptedImageType } from '../images/inspect-image.js';
import type { TMediaKind } from './media-kind.js';

/** What file-type needs to recognise every format it knows. */
const HEAD_BYTES = 4100;

/** The type a file of unknown type is stored and served as. */
export const UNKNOWN_MEDIA_TYPE = 'application/octet-stream';

export interface SniffedMedia {
  kind: TMediaKind;
  /** Decided from the bytes, as it will be served. */
  mediaType: string;
  /** The whole body again: the head that was read, then the rest as it arrives. */
  body: Readable;
}

// Videos and voice messages come in containers whose media type depends on what is inside; these map
// what file-type reports to the type the upload is served as. A voice message recorded as WebM or MP4
// holds only audio, but file-type names both containers as video.
const VIDEO_TYPES: Record<string, string> = {
  'video/mp4': 'video/mp4',
  'video/webm': 'video/webm',
  'video/quicktime': 'video/quicktime',
};
const VOICE_TYPES: Record<string, string> = {
  'audio/webm': 'audio/webm',
  'video/webm': 'audio/webm',
  'audio/ogg': 'audio/ogg',
  'audio/opus': 'audio/ogg',
  'audio/mp4': 'audio/mp4',
  'audio/x-m4a': 'audio/mp4',
  'video/mp4': 'audio/mp4',
  'audio/mpeg': 'audio/mpeg',
};

/**
 * Reads just the head of an upload to decide its type from the bytes (never the name or a declared
 * type) and gives back a stream of the whole body, so nothing past the head is buffered. An upload
 * whose bytes are not of its declared kind is refused with 415; a `file` can be anything. On refusal
 * the input is left as it is, for the caller to drain or close after answering.
 */
export async function sniffMedia(
  input: AsyncIterable<Uint8Array | string>,
  kind: TMediaKind,
): Promise<SniffedMedia> {
  const chunks = input[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headLength = 0;
  let ended = false;
  while (headLength < HEAD_BYTES) {
    const next = await chunks.next();
    if (next.done) {
      ended = true;
      break;
    }
    const chunk = asBuffer(next.value);
    head.push(chunk);
    headLength += chunk.length;
  }
  const headBytes = Buffer.concat(head);
  const mediaType = typeFor(kind, (await fileTypeFromBuffer(headBytes))?.mime);

  async function* wholeBody(): AsyncGenerator<Buffer> {
    try {
      if (headBytes.length > 0) yield headBytes;
      if (ended) return;
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
        yield asBuffer(next.value);
      }
    } finally {
      // Also when the consumer stops early (it failed or gave up): the source releases what it holds.
      await chunks.return?.();
    }
  }
  return { kind, mediaType, body: Readable.from(wholeBody(), { objectMode: false }) };
}

/** The chunk as a Buffer, without copying its bytes. */
function asBuffer(chunk: Uint8Array | string): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk);
  return Buffer.isBuffer(chunk)
    ? chunk
    : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/** The type an upload of this kind is served as, or a 415 when its bytes are not of that kind. */
function typeFor(kind: TMediaKind, detected: string | undefined): string {
  // "audio/ogg; codecs=opus" and the like: the parameters say nothing the player needs.
  const mime = detected?.split(';')[0]?.trim();
  switch (kind) {
    case 'image':
      if (mime && acceptedImageType(mime)) return mime;
      throw notAnImage();
    case 'video': {
      const type = mime && VIDEO_TYPES[mime];
      if (type) return type;
      throw notOfKind('The file is not a video; send an MP4, WebM or QuickTime video.');
    }
    case 'voice': {
      const type = mime && VOICE_TYPES[mime];
      if (type) return type;
      throw notOfKind(
        'The file is not a voice recording; send Opus in WebM or Ogg, AAC in MP4, or MP3.',
      );
    }
    case 'file':
      return mime ?? UNKNOWN_MEDIA_TYPE;
  }
}

/** The refusal of an "image" whose bytes are not an image of an accepted type. */
export function notAnImage(): AppError {
  return notOfKind(`The file is not an image; send a ${ACCEPTED_IMAGE_LABELS} image.`);
}

function notOfKind(message: string): AppError {
  return new AppError('UNSUPPORTED_MEDIA_TYPE', message, 'file');
}
