import type { RequestHandler } from 'express';

// A Host header is echoed into the CSP only when it is a plain host[:port].
const PLAIN_HOST = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The page may load only its own scripts, styles and fonts; pictures also from blob: and data:
 * (the crop preview); connections only back to this origin, including the tRPC WebSocket.
 */
export function contentSecurityPolicy(host: string | undefined, https: boolean): string {
  const socket = host && PLAIN_HOST.test(host) ? ` ${https ? 'wss' : 'ws'}://${host}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' blob: data:",
    "media-src 'self' blob:",
    "font-src 'self'",
    `connect-src 'self'${socket}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Sent with every response, the proxied API's included (its own headers win where both set one). */
export function securityHeaders({ https }: { https: boolean }): RequestHandler {
  return (req, res, next) => {
    res.setHeader('Content-Security-Policy', contentSecurityPolicy(req.headers.host, https));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    // No includeSubDomains: on localhost it would pin every other local site to HTTPS.
    if (https) res.setHeader('Strict-Transport-Security', 'max-age=31536000');
    next();
  };
}
