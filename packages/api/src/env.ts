// The only place the API reads process.env: one zod schema, parsed once at start.
import path from 'node:path';
import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65_535);
const optionalText = z
  .string()
  .optional()
  .transform((s) => (s === '' ? undefined : s));

const positive = optionalText.pipe(
  z.coerce.number<string>({ error: 'must be a number' }).positive('must be above 0').optional(),
);

const ZEnv = z
  .object({
    PORT: port.default(3002),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATA_DIR: z.string().min(1).default('./data'),
    DATABASE_URL: optionalText.pipe(
      z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }).optional(),
    ),
    JWT_SECRET: optionalText.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
    MASTER_KEY: optionalText.pipe(
      z
        .base64({ error: 'must be 32 bytes in base64' })
        .refine((s) => Buffer.from(s, 'base64').length === 32, 'must be 32 bytes in base64')
        .optional(),
    ),
    MASTER_KEY_ID: z
      .string()
      .regex(/^[a-z0-9-]{1,32}$/)
      .default('k1'),
    TLS_CERT: optionalText,
    TLS_KEY: optionalText,
    ALLOWED_ORIGINS: optionalText,
    // Which proxies may set X-Forwarded-For (Express "trust proxy" values).
    TRUST_PROXY: z.string().default('loopback'),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    // Where media lives: files under DATA_DIR/media, or an S3-compatible bucket (S3_*).
    STORAGE: optionalText.pipe(z.enum(['local', 's3']).default('local')),
    S3_BUCKET: optionalText,
    S3_REGION: optionalText.pipe(z.string().default('us-east-1')),
    S3_ENDPOINT: optionalText.pipe(
      z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL' }).optional(),
    ),
    // Without a key pair the AWS SDK's own chain applies (AWS_* variables, instance roles).
    S3_ACCESS_KEY_ID: optionalText,
    S3_SECRET_ACCESS_KEY: optionalText,
    S3_FORCE_PATH_STYLE: optionalText.pipe(
      z.stringbool({ error: 'must be true or false' }).default(false),
    ),
    // Upload limits per kind in MB, the longest voice message, and when unsent uploads are swept.
    MEDIA_MAX_IMAGE_MB: positive,
    MEDIA_MAX_VIDEO_MB: positive,
    MEDIA_MAX_VOICE_MB: positive,
    MEDIA_MAX_FILE_MB: positive,
    MEDIA_MAX_VOICE_MINUTES: positive,
    MEDIA_ORPHAN_HOURS: positive,
  })
  .refine((e) => Boolean(e.TLS_CERT) === Boolean(e.TLS_KEY), {
    path: ['TLS_KEY'],
    message: 'TLS_CERT and TLS_KEY must be set together',
  })
  .refine((e) => e.STORAGE !== 's3' || e.S3_BUCKET !== undefined, {
    path: ['S3_BUCKET'],
    message: 'S3_BUCKET is required when STORAGE=s3',
  })
  .refine((e) => Boolean(e.S3_ACCESS_KEY_ID) === Boolean(e.S3_SECRET_ACCESS_KEY), {
    path: ['S3_SECRET_ACCESS_KEY'],
    message: 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together',
  });

export type Env = z.output<typeof ZEnv>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses the environment; a bad value stops the start with a message naming the variable. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = ZEnv.safeParse(source);
  if (result.success) {
    return { ...result.data, DATA_DIR: path.resolve(result.data.DATA_DIR) };
  }
  const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}
