import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEnv } from './env.js';

describe('readEnv', () => {
  it('applies the embedded defaults', () => {
    const env = readEnv({});
    expect(env).toMatchObject({ PORT: 3002, HOST: '127.0.0.1' });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.DATA_DIR).toBe(path.resolve('data'));
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://localhost/db' }, 'DATABASE_URL'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ MASTER_KEY: 'AAAA' }, 'MASTER_KEY'],
    [{ TLS_CERT: '/tmp/cert.pem' }, 'TLS_KEY'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ STORAGE: 'ftp' }, 'STORAGE'],
    [{ STORAGE: 's3' }, 'S3_BUCKET'],
    [{ STORAGE: 's3', S3_BUCKET: '' }, 'S3_BUCKET'],
    [{ S3_ENDPOINT: 'minio:9000' }, 'S3_ENDPOINT'],
    [{ S3_FORCE_PATH_STYLE: 'maybe' }, 'S3_FORCE_PATH_STYLE'],
    [{ S3_ACCESS_KEY_ID: 'key-id' }, 'S3_SECRET_ACCESS_KEY'],
    [{ MEDIA_MAX_VIDEO_MB: 'lots' }, 'MEDIA_MAX_VIDEO_MB'],
    [{ MEDIA_ORPHAN_HOURS: '0' }, 'MEDIA_ORPHAN_HOURS'],
  ])('stops on %o with a message naming %s', (source, name) => {
    expect(() => readEnv(source)).toThrow(new RegExp(`^Invalid configuration:\\n  ${name}: `));
  });

  it('keeps media in local files unless STORAGE=s3 names a bucket', () => {
    expect(readEnv({})).toMatchObject({
      STORAGE: 'local',
      S3_REGION: 'us-east-1',
      S3_FORCE_PATH_STYLE: false,
    });
    expect(
      readEnv({
        STORAGE: 's3',
        S3_BUCKET: 'parley-media',
        S3_ENDPOINT: 'http://127.0.0.1:9000',
        S3_FORCE_PATH_STYLE: 'true',
        S3_ACCESS_KEY_ID: 'key-id',
        S3_SECRET_ACCESS_KEY: 'secret',
      }),
    ).toMatchObject({
      STORAGE: 's3',
      S3_BUCKET: 'parley-media',
      S3_REGION: 'us-east-1',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_FORCE_PATH_STYLE: true,
    });
  });
});
