import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { AppError } from '../errors.js';

const ALGORITHM = 'HS256';
const ISSUER = 'parley';
const AUDIENCE = 'parley-api';

// jsonwebtoken turns a raw secret into a key on every call, first trying (and failing) to parse it
// as a public key: 5 % of the API's CPU in the send benchmark. The key is made once per secret.
const keys = new WeakMap<Buffer, KeyObject>();
function keyOf(secret: Buffer): KeyObject {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = createSecretKey(secret)));
  return key;
}

export interface AccessClaims {
  userId: string;
  sessionId: string;
  /** Expiry as a Unix time in seconds. */
  exp: number;
}

export function signAccessToken(
  claims: { userId: string; sessionId: string },
  secret: Buffer,
  ttlSeconds: number,
): { token: string; expiresAt: Date } {
  const token = jwt.sign({ sid: claims.sessionId }, keyOf(secret), {
    algorithm: ALGORITHM,
    subject: claims.userId,
    issuer: ISSUER,
    audience: AUDIENCE,
    expiresIn: ttlSeconds,
  });
  const { exp } = jwt.decode(token) as { exp: number };
  return { token, expiresAt: new Date(exp * 1000) };
}

/** The algorithm is pinned: `alg: none` or any other algorithm is refused, whatever the header says. */
export function verifyAccessToken(token: string, secret: Buffer): AccessClaims {
  try {
    const payload = jwt.verify(token, keyOf(secret), {
      algorithms: [ALGORITHM],
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    if (
      typeof payload === 'string' ||
      !payload.sub ||
      typeof payload.sid !== 'string' ||
      !payload.exp
    ) {
      throw new Error('malformed claims');
    }
    return { userId: payload.sub, sessionId: payload.sid, exp: payload.exp };
  } catch (error) {
    const expired = error instanceof jwt.TokenExpiredError;
    throw new AppError(
      'UNAUTHORIZED',
      expired ? 'Your access token has expired; refresh it' : 'Invalid access token',
    );
  }
}
