import { readFileSync } from 'node:fs';
import { z } from 'zod';

// The web server's configuration, read from the environment once, here.

const ZPort = z.coerce.number().int().min(1).max(65535);

const ZEnv = z
  .object({
    PORT: ZPort.default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    API_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:3002'),
    TLS_CERT: z.string().min(1).optional(),
    TLS_KEY: z.string().min(1).optional(),
  })
  .refine((env) => Boolean(env.TLS_CERT) === Boolean(env.TLS_KEY), {
    message: 'set both TLS_CERT and TLS_KEY (file paths) for HTTPS, or neither',
    path: ['TLS_CERT'],
  });

export interface WebConfig {
  port: number;
  host: string;
  apiUrl: URL;
  /** PEM contents; set means HTTPS (and HSTS). */
  tls: { cert: Buffer; key: Buffer } | null;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): WebConfig {
  const parsed = ZEnv.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const { PORT, HOST, API_URL, TLS_CERT, TLS_KEY } = parsed.data;
  const tls =
    TLS_CERT && TLS_KEY
      ? { cert: readPem('TLS_CERT', TLS_CERT), key: readPem('TLS_KEY', TLS_KEY) }
      : null;
  return { port: PORT, host: HOST, apiUrl: new URL(API_URL), tls };
}

function readPem(variable: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`Invalid configuration: ${variable}: cannot read ${path} (${reason})`);
  }
}
