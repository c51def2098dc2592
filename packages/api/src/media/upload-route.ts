import type { NextFunction, Request, Response } from 'express';
import { encryptedFileSize } from '@parley/crypto';
import { z } from 'zod';
import type { Services } from '../context.js';
import { AppError } from '../errors.js';
import { bearerAuth } from '../http/bearer-auth.js';
import { isAllowedOrigin } from '../http/origin.js';
import { ZMediaKind } from './attachment.js';
import { limitBytes } from './byte-limit.js';
import type { TMediaKind } from './media-kind.js';
import { uploadClientEncrypted, uploadMedia } from './upload-media.js';

const ZUploadQuery = z.object({
  kind: ZMediaKind,
  name: z.string().max(4096).optional(),
  encrypted: z.enum(['0', '1']).optional(),
});

const LABELS: Record<TMediaKind, string> = {
  image: 'An image',
  video: 'A video',
  voice: 'A voice message',
  file: 'A file',
};

/** After a refusal, the rest of the body is read and dropped this long, so the client sees the answer. */
const DRAIN_TIMEOUT_MS = 10_000;

/**
 * POST /media?kind=…&name=…[&encrypted=1]: the raw file as the body, streamed. Answers 201 with the
 * attachment descriptor (or `{ mediaId, size }` for a client-encrypted upload).
 */
export function uploadRoute(services: Services) {
  return async (req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    try {
      if (!isAllowedOrigin(req.headers.origin, services.config.allowedOrigins)) {
        throw new AppError('FORBIDDEN', 'Origin not allowed');
      }
      const auth = await bearerAuth(services, req);
      const query = ZUploadQuery.safeParse(req.query);
      if (!query.success) {
        const issue = query.error.issues[0]!;
        throw new AppError('BAD_REQUEST', issue.message, String(issue.path[0] ?? 'query'));
      }
      const { kind, name } = query.data;
      const encrypted = query.data.encrypted === '1';
      const plainLimit = services.config.media.maxBytes[kind];
      const limit = encrypted ? encryptedFileSize(plainLimit) : plainLimit;
      const tooLarge = () =>
        new AppError(
          'PAYLOAD_TOO_LARGE',
          `${LABELS[kind]} can be at most ${formatMegabytes(plainLimit)}.`,
          'file',
        );
      if (Number(req.headers['content-length'] ?? 0) > limit) throw tooLarge();
      const body = limitBytes(req, limit, tooLarge);
      const result = encrypted
        ? await uploadClientEncrypted(services, auth.userId, { kind, body })
        : { attachment: await uploadMedia(services, auth.userId, { kind, name, body }) };
      res.status(201).json(result);
    } catch (error) {
      drainRest(req);
      next(error);
    }
  };
}

function formatMegabytes(bytes: number): string {
  return `${Number((bytes / (1024 * 1024)).toPrecision(3))} MB`;
}

/** Reads and drops what the client is still sending, for a while: a reset would hide the answer. */
function drainRest(req: Request) {
  if (req.complete || req.destroyed) return;
  const timer = setTimeout(() => req.destroy(), DRAIN_TIMEOUT_MS);
  timer.unref();
  req.once('close', () => clearTimeout(timer));
  req.resume();
}
