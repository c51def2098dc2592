import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { schema } from '@parley/db';
import type { Services } from '../context.js';
import type { TAttachment, TFileRef } from './attachment.js';
import { sanitizeFileName } from './file-name.js';
import type { TMediaKind } from './media-kind.js';
import { processImage } from './process-image.js';
import { sniffMedia } from './sniff-media.js';
import { StagedObjects, type StoredObject } from './stored-objects.js';
import { needsRendition, probeVoiceDuration, transcodeVoice } from './transcode-voice.js';

const { media } = schema;

type Deps = Pick<Services, 'db' | 'storage' | 'config'>;

export interface UploadInput {
  kind: TMediaKind;
  name: string | undefined;
  /** The request body, already cut off at the kind's byte limit. */
  body: AsyncIterable<Uint8Array>;
}

/**
 * A hosted device's upload: the type is decided from the bytes, images are cleaned and get a thumbnail
 * and placeholder, voice gets a measured duration (and an AAC rendition where browsers need one), and
 * every object is encrypted under its own fresh key before it reaches storage. The descriptor returned
 * carries the keys; the server keeps none of them. Any failure leaves nothing stored.
 */
export async function uploadMedia(
  deps: Deps,
  userId: string,
  input: UploadInput,
): Promise<TAttachment> {
  const staged = new StagedObjects(deps.storage);
  try {
    const sniffed = await sniffMedia(input.body, input.kind);
    const name = sanitizeFileName(input.name);
    let attachment: TAttachment;
    const rows: MediaRowInput[] = [];
    const store = async (kind: TMediaKind, source: AsyncIterable<Uint8Array>) => {
      const row = { id: randomUUID(), kind, object: await staged.putEncrypted(source) };
      rows.push(row);
      return row;
    };

    if (input.kind === 'image') {
      // Bounded by the image limit (25 MB by default); sharp needs the whole file.
      const image = await processImage(await buffer(sniffed.body));
      const main = await store('image', Readable.from([image.bytes]));
      const thumb = await store('image', Readable.from([image.thumbnail.bytes]));
      attachment = {
        ...fileRef(main, image.mediaType),
        kind: 'image',
        name,
        width: image.width,
        height: image.height,
        placeholder: image.placeholder,
        thumbnail: {
          ...fileRef(thumb, image.thumbnail.mediaType),
          width: image.thumbnail.width,
          height: image.thumbnail.height,
        },
      };
    } else if (input.kind === 'voice') {
      // Bounded by the voice byte cap (20 MB by default); ffmpeg reads it from a file.
      const bytes = await buffer(sniffed.body);
      const limit = { maxDurationMs: deps.config.media.voiceMaxMs };
      const rendition = needsRendition(sniffed.mediaType)
        ? await transcodeVoice(bytes, sniffed.mediaType, limit)
        : undefined;
      const durationMs =
        rendition?.durationMs ?? (await probeVoiceDuration(bytes, sniffed.mediaType, limit));
      const main = await store('voice', Readable.from([bytes]));
      const transcoded = rendition && {
        row: await store('voice', Readable.from([rendition.bytes])),
        mediaType: rendition.mediaType,
      };
      attachment = {
        ...fileRef(main, sniffed.mediaType),
        kind: 'voice',
        name,
        durationMs,
        rendition: transcoded && fileRef(transcoded.row, transcoded.mediaType),
      };
    } else {
      // Video and other files stream through: encrypted chunk by chunk on their way to storage.
      const main = await store(input.kind, sniffed.body);
      attachment = { ...fileRef(main, sniffed.mediaType), kind: input.kind, name };
    }

    await insertRows(deps, userId, rows, 'server');
    return attachment;
  } catch (error) {
    await staged.discard();
    throw error;
  }
}

/**
 * An SDK device's upload: ciphertext it encrypted itself, stored as it comes. The server cannot look
 * inside, so type checks and metadata stripping are the SDK's.
 */
export async function uploadClientEncrypted(
  deps: Deps,
  userId: string,
  input: Omit<UploadInput, 'name'>,
): Promise<{ mediaId: string; size: number }> {
  const staged = new StagedObjects(deps.storage);
  try {
    const row = { id: randomUUID(), kind: input.kind, object: await staged.putAsIs(input.body) };
    await insertRows(deps, userId, [row], 'client');
    return { mediaId: row.id, size: row.object.size };
  } catch (error) {
    await staged.discard();
    throw error;
  }
}

interface MediaRowInput {
  id: string;
  kind: TMediaKind;
  object: StoredObject;
}

function fileRef({ id, object }: MediaRowInput, mediaType: string): TFileRef {
  return {
    mediaId: id,
    key: Buffer.from(object.key!).toString('base64url'),
    digest: Buffer.from(object.digest!).toString('base64url'),
    size: object.size,
    mediaType,
  };
}

async function insertRows(
  deps: Deps,
  userId: string,
  rows: MediaRowInput[],
  encryptedBy: 'server' | 'client',
): Promise<void> {
  await deps.db.insert(media).values(
    rows.map(({ id, object, kind }) => ({
      id,
      ownerUserId: userId,
      kind,
      storageKey: object.storageKey,
      size: object.size,
      encryptedSize: object.encryptedSize,
      encryptedBy,
    })),
  );
}
