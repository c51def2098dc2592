import type { CookieJar } from '../context.js';
import { AppError } from '../errors.js';

/** httpOnly + SameSite=Strict, scoped to the tRPC path; Secure when served over HTTPS (set by the jar). */
export const REFRESH_COOKIE = 'parley_rt';

export function requireCookieJar(cookies: CookieJar | null): CookieJar {
  if (!cookies) {
    throw new AppError(
      'BAD_REQUEST',
      'Signing in and refreshing work over HTTP, not the WebSocket',
    );
  }
  return cookies;
}
