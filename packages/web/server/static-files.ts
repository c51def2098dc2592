import { readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import express, { type Router } from 'express';

const HASHED = `${sep}assets${sep}`;
// A last path segment with an extension names a file; a missing one is a 404, not the app.
const LOOKS_LIKE_FILE = /\.[^/]+$/;

/**
 * Serves the built app from `distDir`: Vite's content-hashed `assets/` are cached for a year, the
 * rest is revalidated, and any other GET that is not a file gets index.html (client-side routes).
 */
export function staticFiles(distDir: string): Router {
  let indexHtml: Buffer;
  try {
    indexHtml = readFileSync(join(distDir, 'index.html'));
  } catch {
    throw new Error(`${join(distDir, 'index.html')} is missing: build the web app first.`);
  }

  const router = express.Router();
  router.use(
    express.static(distDir, {
      index: false,
      setHeaders(res, path) {
        res.setHeader(
          'Cache-Control',
          path.includes(HASHED) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    }),
  );
  router.use((req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || LOOKS_LIKE_FILE.test(req.path)) {
      return next();
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(indexHtml);
  });
  return router;
}
