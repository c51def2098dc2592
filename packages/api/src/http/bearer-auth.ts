import type { IncomingMessage } from 'node:http';
import { verifyAccessToken, type AccessClaims } from '../auth/access-token.js';
import { requireLiveSession } from '../auth/sessions.js';
import type { Services } from '../context.js';
import { AppError } from '../errors.js';

/** The token of an `Authorization: Bearer …` header, if any. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
}

/** The caller of a plain HTTP route, checked as authedProcedure checks it: token valid, session live. */
export async function bearerAuth(
  services: Pick<Services, 'db' | 'config'>,
  req: IncomingMessage,
): Promise<AccessClaims> {
  const token = bearerToken(req);
  if (!token) throw new AppError('UNAUTHORIZED', 'Sign in first');
  const auth = verifyAccessToken(token, services.config.secrets.jwtSecret);
  await requireLiveSession(services.db, auth);
  return auth;
}
