import { readJwtPayload } from './jwt-payload.js';

/** Refresh this long before expiry at most; a shorter token refreshes when a quarter of it is left. */
const MAX_MARGIN_MS = 60_000;
/** Never schedule faster than this, so a clock skew or tiny token cannot spin. */
const MIN_DELAY_MS = 1_000;

/** Milliseconds from `nowMs` until the access token expiring at `expiresAtMs` should be refreshed. */
export function refreshDelayMs(expiresAtMs: number, nowMs: number): number {
  const remaining = expiresAtMs - nowMs;
  if (remaining <= 0) return 0;
  const margin = Math.min(MAX_MARGIN_MS, remaining / 4);
  return Math.max(MIN_DELAY_MS, Math.floor(remaining - margin));
}

/** A token this close to expiry is refreshed before use rather than sent to fail. */
const USABLE_MARGIN_MS = 10_000;

export function isUsable(expiresAtMs: number, nowMs: number): boolean {
  return expiresAtMs - nowMs > USABLE_MARGIN_MS;
}

/**
 * When the token expires on this device's clock: now plus the lifetime the server gave it (JWT
 * `exp - iat`), so a device clock that is minutes off cannot make a fresh token look expired and
 * set off a refresh on every request. Falls back to the server's stated expiry.
 */
export function localExpiry(accessToken: string, expiresAtIso: string, nowMs: number): number {
  return nowMs + (jwtLifetimeMs(accessToken) ?? Date.parse(expiresAtIso) - nowMs);
}

function jwtLifetimeMs(token: string): number | null {
  const payload = readJwtPayload(token);
  const exp = payload?.exp;
  const iat = payload?.iat;
  return typeof exp === 'number' && typeof iat === 'number' && exp > iat
    ? (exp - iat) * 1000
    : null;
}
