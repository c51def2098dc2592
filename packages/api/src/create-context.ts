import type { IncomingMessage } from 'node:http';
import { TRPCError } from '@trpc/server';
import type { Request, Response } from 'express';
import type { WebSocket } from 'ws';
import { verifyAccessToken, type AccessClaims } from './auth/access-token.js';
import type { Context, Services } from './context.js';
import { AppError } from './errors.js';
import { bearerToken } from './http/bearer-auth.js';
import { expressCookieJar } from './http/cookie-jar.js';

const MAX_USER_AGENT = 256;

function authFrom(token: string | undefined, services: Services) {
  if (!token) return { auth: null, authError: null };
  try {
    return { auth: verifyAccessToken(token, services.config.secrets.jwtSecret), authError: null };
  } catch (error) {
    if (error instanceof AppError) return { auth: null, authError: error };
    throw error;
  }
}

export function httpContext(services: Services, req: Request, res: Response): Context {
  return {
    services,
    client: {
      ip: req.ip ?? null,
      userAgent: req.get('user-agent')?.slice(0, MAX_USER_AGENT) ?? null,
    },
    ...authFrom(bearerToken(req), services),
    // Behind an HTTPS front (Caddy), req.secure comes from the trusted proxy's X-Forwarded-Proto.
    cookies: expressCookieJar(req, res, Boolean(services.config.tls) || req.secure),
    socket: null,
  };
}

/**
 * A WebSocket connection authenticates once, with the access token in its connection params; the
 * connection is closed when that token expires (at `auth.exp`, see server.ts), and the client
 * reconnects with a fresh one.
 */
export function wsContext(
  services: Services,
  req: IncomingMessage,
  ws: WebSocket,
  params: Record<string, string | undefined> | null,
): Context & { auth: AccessClaims } {
  const { auth, authError } = authFrom(params?.token, services);
  if (!auth) {
    throw new TRPCError({
      code: 'UNAUTHORIZED',
      message: authError?.message ?? 'Sign in first',
      cause: authError ?? undefined,
    });
  }
  return {
    services,
    client: {
      ip: req.socket.remoteAddress ?? null,
      userAgent: req.headers['user-agent']?.slice(0, MAX_USER_AGENT) ?? null,
    },
    auth,
    authError: null,
    cookies: null,
    socket: ws,
  };
}
