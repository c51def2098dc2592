import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import express from 'express';
import { apiProxy, isApiPath } from './api-proxy.js';
import type { WebConfig } from './env.js';
import { securityHeaders } from './security-headers.js';
import { staticFiles } from './static-files.js';

export interface WebServer {
  server: Server;
  /** Stops listening and ends every connection, proxied WebSockets included. */
  close(): Promise<void>;
}

/** The production web server: built app + API proxy + security headers, over HTTP or HTTPS. */
export function createWebServer(config: WebConfig, distDir: string): WebServer {
  const proxy = apiProxy(config.apiUrl, config.tls?.cert ?? null);
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders({ https: config.tls !== null }));
  app.use(proxy);
  app.use(staticFiles(distDir));
  app.use((_req, res) => {
    res.status(404).type('text').send('Not found');
  });

  const server = config.tls
    ? createHttpsServer({ cert: config.tls.cert, key: config.tls.key }, app)
    : createHttpServer(app);

  // WebSocket upgrades (the tRPC live link) go to the API; any other path is refused. Upgraded
  // sockets leave the HTTP server's books, so they are tracked here to be ended on close.
  const sockets = new Set<Socket>();
  server.on('upgrade', (req, socket: Socket, head: Buffer) => {
    if (!isApiPath(new URL(req.url ?? '/', 'http://localhost').pathname)) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    proxy.upgrade(req, socket, head);
  });

  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
    });
  return { server, close };
}

/** Starts listening; resolves with the address to print. */
export function listen({ server }: WebServer, config: WebConfig): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      const host = config.host.includes(':') ? `[${config.host}]` : config.host;
      resolve(`${config.tls ? 'https' : 'http'}://${host}:${port}`);
    });
  });
}
