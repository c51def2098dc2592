import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import { decryptFileRange } from '@parley/crypto';
import { z } from 'zod';
import { isSessionLive } from '../auth/sessions.js';
import type { Services } from '../context.js';
import { bearerAuth } from '../http/bearer-auth.js';
import { sendNotFound } from '../http/http-errors.js';
import type { ObjectStorage } from '../storage/storage.js';
import { contentDisposition } from './file-name.js';
import { rangeOf } from './http-range.js';
import { servedAs } from './inline-types.js';
import { accessibleMedia } from './media-access.js';
import { openTicket } from './media-ticket.js';

const ZDownloadQuery = z.object({
  t: z.string().max(8192).optional(),
  download: z.enum(['0', '1']).optional(),
});
const ZMediaId = z.uuid();

/** Nothing served here may run as a page of ours, whatever its type claims. */
const FIXED_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; sandbox",
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'private, max-age=86400',
  'Accept-Ranges': 'bytes',
};

/**
 * GET /media/:id. With a ticket (`?t=`, minted when a message was shown to a session) the object is
 * decrypted on the way out; with only a Bearer token it is sent as stored (ciphertext, for SDK devices).
 * Both honour one `Range`. Anyone not allowed, or with a bad ticket, gets 404.
 */
export function downloadRoute(services: Services) {
  return async (req: Request<{ id: string }>, res: Response) => {
    const query = ZDownloadQuery.safeParse(req.query);
    if (!ZMediaId.safeParse(req.params.id).success || !query.success) return sendNotFound(res);
    const mediaId = req.params.id;
    const { t: token, download } = query.data;

    if (token === undefined) {
      const auth = await bearerAuth(services, req);
      const row = await accessibleMedia(services.db, mediaId, auth.userId);
      if (!row) return sendNotFound(res);
      res.set(downloadHeaders('application/octet-stream', 'attachment', `${mediaId}.bin`));
      return sendBytes(req, res, row.encryptedSize, (start, length) =>
        readRange(services.storage, row.storageKey, start, length),
      );
    }

    const ticket = openTicket(services.config.secrets.masterKey, token);
    if (!ticket || ticket.mediaId !== mediaId) return sendNotFound(res);
    const live = await isSessionLive(services.db, ticket.userId, ticket.sessionId);
    const row = live ? await accessibleMedia(services.db, mediaId, ticket.userId) : null;
    // The key came from the sealed message, whoever encrypted the object (the server for a browser
    // upload, the sending SDK device for its own): the hosted device read it there.
    if (!row) return sendNotFound(res);
    const { contentType, disposition } = servedAs(ticket.mediaType, download === '1');
    res.set(downloadHeaders(contentType, disposition, ticket.name));
    const read = (start: number, length: number) =>
      readRange(services.storage, row.storageKey, start, length);
    return sendBytes(req, res, ticket.size, (offset, length) =>
      decryptFileRange(ticket.key, read, ticket.size, { offset, length }),
    );
  };
}

function downloadHeaders(contentType: string, disposition: 'inline' | 'attachment', name: string) {
  return {
    'Content-Type': contentType,
    'Content-Disposition': contentDisposition(name, disposition),
  };
}

/** Sends the requested part of `size` bytes that `source` produces: 200, 206 or 416. */
async function sendBytes(
  req: Request,
  res: Response,
  size: number,
  source: (start: number, length: number) => AsyncIterable<Uint8Array>,
) {
  // Only on an answer with the file: a 404 must not be cached, it may turn into a 200 once sent.
  res.set(FIXED_HEADERS);
  const range = rangeOf(req, size);
  if (range.status === 416) {
    res
      .status(416)
      .set({ 'Content-Range': `bytes */${size}`, 'Content-Length': '0' })
      .end();
    return;
  }
  res.status(range.status).set('Content-Length', String(range.length));
  if (range.status === 206) {
    res.set('Content-Range', `bytes ${range.start}-${range.start + range.length - 1}/${size}`);
  }
  if (req.method === 'HEAD' || range.length === 0) {
    res.end();
    return;
  }
  await pipeline(Readable.from(source(range.start, range.length)), res);
}

async function* readRange(storage: ObjectStorage, key: string, start: number, length: number) {
  yield* await storage.get(key, { start, end: start + length - 1 });
}
