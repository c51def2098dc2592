import { GetObjectCommand } from '@aws-sdk/client-s3';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readEnv } from '../env.js';
import { startS3Server, type TestS3Server } from '../test/s3-server.js';
import { createStorage } from './create-storage.js';
import { LocalStorage } from './local-storage.js';
import { S3Storage } from './s3-storage.js';

let dataDir: string;
let server: TestS3Server;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'parley-create-storage-'));
  server = await startS3Server();
});

afterAll(async () => {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('createStorage', () => {
  it('keeps media in files under DATA_DIR/media by default', async () => {
    const storage = createStorage(readEnv({}), dataDir);
    expect(storage).toBeInstanceOf(LocalStorage);
    await storage.put('avatars/x', Buffer.from('local'));
    expect(await readFile(path.join(dataDir, 'media', 'avatars', 'x'), 'utf8')).toBe('local');
  });

  it('keeps media in the bucket that the S3_* variables name', async () => {
    const bucket = await server.createBucket();
    const env = readEnv({
      STORAGE: 's3',
      S3_BUCKET: bucket,
      S3_REGION: 'eu-west-3',
      S3_ENDPOINT: server.connection.endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: 'test',
      S3_SECRET_ACCESS_KEY: 'test',
    });
    const storage = createStorage(env, dataDir);
    if (!(storage instanceof S3Storage)) throw new Error('expected an S3Storage');
    try {
      expect(await storage.client.config.region()).toBe('eu-west-3');
      expect(storage.client.config.forcePathStyle).toBe(true);
      expect(await storage.client.config.credentials()).toMatchObject({ accessKeyId: 'test' });
      await storage.put('avatars/x', Buffer.from('s3'));
      const { Body } = await server.client.send(
        new GetObjectCommand({ Bucket: bucket, Key: 'avatars/x' }),
      );
      expect(await Body?.transformToString()).toBe('s3');
    } finally {
      storage.client.destroy();
    }
  });
});
