import { parse, serialize } from 'cookie';
import type { Request, Response } from 'express';
import type { CookieJar } from '../context.js';

/** Cookies are scoped to /trpc, httpOnly and SameSite=Strict; Secure whenever the API serves HTTPS. */
export function expressCookieJar(req: Request, res: Response, secure: boolean): CookieJar {
  const cookies = parse(req.headers.cookie ?? '');
  const options = { httpOnly: true, sameSite: 'strict' as const, secure, path: '/trpc' };
  return {
    get: (name) => cookies[name],
    set: (name, value, maxAge) =>
      res.append('Set-Cookie', serialize(name, value, { ...options, maxAge })),
    clear: (name) => res.append('Set-Cookie', serialize(name, '', { ...options, maxAge: 0 })),
  };
}
