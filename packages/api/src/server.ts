import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TRPCError } from '@trpc/server';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import express from 'express';
import { pinoHttp } from 'pino-http';
import { WebSocketServer } from 'ws';
import { sql } from 'drizzle-orm';
import type { Services } from './context.js';
import { AppError } from './errors.js';
import { httpContext, wsContext } from './create-context.js';
import { httpErrorHandler, sendError, sendNotFound } from './http/http-errors.js';
import { isAllowedOrigin } from './http/origin.js';
import { pictureRoute } from './http/picture-route.js';
import { TrpcSockets } from './http/trpc-sockets.js';
import { downloadRoute } from './media/download-route.js';
import { startOrphanSweep } from './media/media-cleanup.js';
import { uploadRoute } from './media/upload-route.js';
import { appRouter } from './root.js';

// Room for a 10 MB picture plus framing; ordinary JSON calls are far smaller.
const MAX_BODY_BYTES = 11 * 1024 * 1024;
// tRPC messages over the socket are small; the ws default (100 MiB) would let one client pin memory.
const MAX_WS_MESSAGE_BYTES = 1024 * 1024;
const REQUEST_ID = /^[\w-]{1,64}$/;

export interface ApiServer {
  server: http.Server;
  /** Resolves with the base URL once listening. */
  listen(port: number, host: string): Promise<string>;
  close(): Promise<void>;
}

export function createApiServer(services: Services): ApiServer {
  const { config, logger } = services;
  const secure = Boolean(config.tls);
  const logInternal = (error: TRPCError, path: string | undefined) => {
    if (error.code === 'INTERNAL_SERVER_ERROR')
      logger.error({ err: error, path }, 'procedure failed');
  };
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);

  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      // Query strings can carry tRPC inputs: log the path only.
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          path: req.url.split('?')[0],
        }),
      },
    }),
  );
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    next();
  });

  app.get('/healthz', async (_req, res) => {
    await services.db.execute(sql`select 1`);
    res.json({ ok: true });
  });
  app.get('/media/avatars/:file', pictureRoute(services.storage));
  app.post('/media', uploadRoute(services));
  app.get('/media/:id', downloadRoute(services));

  app.use('/trpc', (req, res, next) => {
    if (!isAllowedOrigin(req.headers.origin, config.allowedOrigins)) {
      sendError(res, 403, 'FORBIDDEN', 'Origin not allowed');
      return;
    }
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use(
    '/trpc',
    createExpressMiddleware({
      router: appRouter,
      createContext: ({ req, res }) => httpContext(services, req, res),
      maxBodySize: MAX_BODY_BYTES,
      onError: ({ error, path }) => logInternal(error, path),
      responseMeta: ({ errors }) => {
        const retryAfter = errors
          .map((e) => (e.cause instanceof AppError ? e.cause.retryAfterSeconds : undefined))
          .find((s) => s !== undefined);
        return retryAfter ? { headers: { 'Retry-After': String(retryAfter) } } : {};
      },
    }),
  );
  app.use((_req, res) => sendNotFound(res));
  app.use(httpErrorHandler(logger));

  const server = config.tls
    ? https.createServer({ cert: config.tls.cert, key: config.tls.key }, app)
    : http.createServer(app);

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_WS_MESSAGE_BYTES,
    // Off (ws's default, kept explicit): compression keeps zlib state per connection, and the
    // messages are small JSON.
    perMessageDeflate: false,
  });
  const sockets = new TrpcSockets(wss, {
    router: appRouter,
    createContext: (ws, req, params) => wsContext(services, req, ws, params),
    expiresAt: (ctx) => ctx.auth.exp * 1000,
    onError: logInternal,
  });
  // Every API process sweeps; two sweeping at once delete disjoint rows (each row goes once).
  const sweep = startOrphanSweep(services);
  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== '/trpc' || !isAllowedOrigin(req.headers.origin, config.allowedOrigins)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  return {
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const { port: bound } = server.address() as AddressInfo;
          const shownHost = host.includes(':') ? `[${host}]` : host;
          resolve(`${secure ? 'https' : 'http'}://${shownHost}:${bound}`);
        });
      }),
    async close() {
      // First, so the streams closed below are not announced offline one by one.
      await services.presence.close();
      sweep.stop();
      // Tell tRPC clients to reconnect (to another process or after restart) rather than fail.
      sockets.shutDown();
      for (const client of wss.clients) client.close(1012, 'Server restarting');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
