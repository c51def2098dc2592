import { readFile } from 'node:fs/promises';
import type { Env } from './env.js';
import { mediaConfigFromEnv, type MediaConfig } from './media/media-config.js';
import { loadSecrets, type Secrets } from './secrets.js';

export interface PasswordHashCost {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

export interface ThrottleLimits {
  windowSeconds: number;
  perUsername: number;
  perIp: number;
}

/** Everything the API server needs, already validated: built from the environment by main.ts. */
export interface ApiConfig {
  dataDir: string;
  databaseUrl?: string;
  tls?: { cert: Buffer; key: Buffer };
  allowedOrigins: string[];
  trustProxy: string;
  secrets: Secrets;
  accessTokenTtlSeconds: number;
  sessionTtlDays: number;
  /** How long a just-rotated refresh token still gets a successor (see rotateRefreshToken). */
  refreshReuseGraceSeconds: number;
  passwordHashCost: PasswordHashCost;
  signInThrottle: ThrottleLimits;
  /** A WebSocket holding more unsent bytes than this for longer than the timeout is cut off. */
  slowReader: { bufferBytes: number; timeoutMs: number };
  /** One-time prekeys a new hosted device publishes (of each kind). */
  hostedPreKeyCount: number;
  media: MediaConfig;
}

// OWASP's Argon2id recommendation (19 MiB, t=2) raised to 64 MiB: ~100 ms here per hash.
export const PRODUCTION_HASH_COST: PasswordHashCost = {
  memoryCost: 65_536,
  timeCost: 2,
  parallelism: 1,
};

export const DEFAULT_SIGN_IN_THROTTLE: ThrottleLimits = {
  windowSeconds: 15 * 60,
  perUsername: 5,
  perIp: 20,
};

export async function configFromEnv(env: Env): Promise<ApiConfig> {
  const tls =
    env.TLS_CERT && env.TLS_KEY
      ? { cert: await readFile(env.TLS_CERT), key: await readFile(env.TLS_KEY) }
      : undefined;
  const scheme = tls ? 'https' : 'http';
  const allowedOrigins = env.ALLOWED_ORIGINS
    ? env.ALLOWED_ORIGINS.split(',').map((o) => o.trim())
    : [`${scheme}://localhost:3000`, `${scheme}://127.0.0.1:3000`];
  return {
    dataDir: env.DATA_DIR,
    databaseUrl: env.DATABASE_URL,
    tls,
    allowedOrigins,
    trustProxy: env.TRUST_PROXY,
    secrets: await loadSecrets(env.DATA_DIR, {
      jwtSecret: env.JWT_SECRET,
      masterKey: env.MASTER_KEY,
      masterKeyId: env.MASTER_KEY_ID,
    }),
    accessTokenTtlSeconds: 15 * 60,
    sessionTtlDays: 30,
    refreshReuseGraceSeconds: 10,
    passwordHashCost: PRODUCTION_HASH_COST,
    signInThrottle: DEFAULT_SIGN_IN_THROTTLE,
    hostedPreKeyCount: 100,
    slowReader: { bufferBytes: 1024 * 1024, timeoutMs: 15_000 },
    media: mediaConfigFromEnv(env),
  };
}
