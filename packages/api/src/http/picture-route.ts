import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import type { ObjectStorage } from '../storage/storage.js';
import { pictureKeyFromFileName } from '../pictures/picture-keys.js';
import { sendNotFound } from './http-errors.js';

const ONE_YEAR_SECONDS = 365 * 86_400;

/**
 * GET /media/avatars/:file. Names are 128-bit random and never reused, so the response is cacheable
 * forever; anything that is not such a name is a 404 before storage is touched.
 */
export function pictureRoute(storage: ObjectStorage) {
  return async (req: Request<{ file: string }>, res: Response) => {
    const key = pictureKeyFromFileName(req.params.file);
    if (!key) {
      sendNotFound(res);
      return;
    }
    const { size } = await storage.stat(key);
    res.set({
      'Content-Type': 'image/webp',
      'Content-Length': String(size),
      'Cache-Control': `public, max-age=${ONE_YEAR_SECONDS}, immutable`,
      'Content-Security-Policy': "default-src 'none'",
    });
    await pipeline(await storage.get(key), res);
  };
}
