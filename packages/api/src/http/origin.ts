/**
 * Browsers always send Origin on WebSocket handshakes and cross-origin POSTs; a request with a foreign
 * Origin is refused. Requests without one (the Node SDK, curl) are not from a browser page, so no other
 * site can ride on a user's cookies through them.
 */
export function isAllowedOrigin(origin: string | undefined, allowed: readonly string[]): boolean {
  return origin === undefined || allowed.includes(origin);
}
