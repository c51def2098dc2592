import { decryptFile, encryptFile } from '@parley/crypto';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { ZAttachment, type TAttachment, type TFileRef } from '../media/attachment.js';

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

const base64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const fromBase64url = (s: string) => new Uint8Array(Buffer.from(s, 'base64url'));

/** The message of an error answer of a plain HTTP route (`{ error: { message } }`). */
async function failureOf(response: Response): Promise<Error> {
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  return new Error(body?.error?.message ?? `HTTP ${response.status}`);
}

export interface UploadOptions {
  kind: TAttachment['kind'];
  /** Shown to readers as text; sealed in the message, never sent to the server in the clear. */
  name: string;
  /** The file's media type, as readers should treat it (the server cannot look inside). */
  mediaType?: string;
}

/**
 * Encrypts a file here under a fresh key (`encryptFile`) and streams the ciphertext to
 * `POST /media?encrypted=1`. The answer is the attachment to pass to `send`: its key and digest go
 * only into the sealed message.
 */
export async function uploadEncrypted(
  fetchAuthed: Fetch,
  baseUrl: string,
  data: Uint8Array | AsyncIterable<Uint8Array>,
  options: UploadOptions,
): Promise<TAttachment> {
  const source = data instanceof Uint8Array ? Readable.from([data]) : data;
  const { key, ciphertext, info } = encryptFile(source);
  // A refused upload stops reading the ciphertext; its error is the server's answer, not this one.
  info.catch(() => undefined);
  const response = await fetchAuthed(`${baseUrl}/media?kind=${options.kind}&encrypted=1`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: Readable.toWeb(Readable.from(ciphertext)) as ReadableStream<Uint8Array>,
    duplex: 'half',
  } as RequestInit);
  if (response.status !== 201) throw await failureOf(response);
  const { mediaId } = (await response.json()) as { mediaId: string };
  const { size, digest } = await info;
  return ZAttachment.parse({
    mediaId,
    key: base64url(key),
    digest: base64url(digest),
    size,
    mediaType: options.mediaType ?? 'application/octet-stream',
    kind: options.kind,
    name: options.name,
  });
}

/**
 * Downloads the ciphertext of a file a message refers to (`GET /media/:id` with the bearer token) and
 * decrypts it here, checking its digest. A stream that ends in an error must be thrown away whole.
 */
export async function* downloadDecrypted(
  fetchAuthed: Fetch,
  baseUrl: string,
  ref: TFileRef,
): AsyncGenerator<Uint8Array> {
  const response = await fetchAuthed(`${baseUrl}/media/${encodeURIComponent(ref.mediaId)}`);
  if (response.status !== 200 || !response.body) throw await failureOf(response);
  const ciphertext = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
  yield* decryptFile(fromBase64url(ref.key), ciphertext, { digest: fromBase64url(ref.digest) });
}
