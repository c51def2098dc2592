import path from 'node:path';

import { ConfigError, type Env } from '../env.js';
import { LocalStorage } from './local-storage.js';
import { S3Storage } from './s3-storage.js';
import type { ObjectStorage } from './storage.js';

/** The one place the storage backend is chosen: files under `dataDir/media`, or an S3 bucket. */
export function createStorage(env: Env, dataDir: string): ObjectStorage {
  if (env.STORAGE === 'local') return new LocalStorage(path.join(dataDir, 'media'));
  // readEnv already refuses this; the check narrows the type for an Env built by hand.
  if (env.S3_BUCKET === undefined) throw new ConfigError('S3_BUCKET is required when STORAGE=s3');
  const { S3_ACCESS_KEY_ID: accessKeyId, S3_SECRET_ACCESS_KEY: secretAccessKey } = env;
  return new S3Storage({
    bucket: env.S3_BUCKET,
    region: env.S3_REGION,
    endpoint: env.S3_ENDPOINT,
    forcePathStyle: env.S3_FORCE_PATH_STYLE,
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
  });
}
