import { Agent } from 'node:https';
import { rootCertificates } from 'node:tls';
import { createProxyMiddleware, type RequestHandler } from 'http-proxy-middleware';

/** Paths that belong to the API: tRPC (HTTP and WebSocket) and media (`POST /media` uploads). */
export function isApiPath(path: string): boolean {
  return ['/trpc', '/media'].some((root) => path === root || path.startsWith(`${root}/`));
}

/**
 * Forwards API paths unchanged. Host and Origin stay as the browser sent them (the API checks
 * Origin against its allow-list); X-Forwarded-For/-Proto/-Host tell it the client's address.
 * An HTTPS API is trusted through the system roots plus `extraCa` (the local self-signed
 * certificate that `--https` makes for both servers).
 */
export function apiProxy(apiUrl: URL, extraCa: Buffer | null): RequestHandler {
  const agent =
    apiUrl.protocol === 'https:' && extraCa
      ? new Agent({ ca: [...rootCertificates, extraCa.toString()] })
      : undefined;
  return createProxyMiddleware({
    target: apiUrl.origin,
    pathFilter: (path) => isApiPath(path),
    changeOrigin: false,
    xfwd: true,
    // WebSocket upgrades are handed over explicitly by the server (see web-server.ts).
    ws: false,
    ...(agent ? { agent } : {}),
    // Only failures are logged; a 502 reaches the client, which retries.
    logger: { info: () => undefined, warn: console.warn, error: console.error },
  });
}
