import { ListObjectsV2Command, S3ServiceException, UploadPartCommand } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { startS3Server, type TestS3Server } from '../test/s3-server.js';
import { describeObjectStorage } from '../test/storage-contract.js';
import { S3Storage } from './s3-storage.js';

const PREFIX = 'parley/';

let server: TestS3Server;
const storages: S3Storage[] = [];

beforeAll(async () => {
  server = await startS3Server();
});

afterEach(() => {
  for (const storage of storages.splice(0)) storage.client.destroy();
});

afterAll(async () => {
  await server.close();
});

interface StartedUpload {
  key: string;
  uploadId: string;
}

/** An S3Storage on a fresh bucket, with a record of the multipart uploads its client starts. */
async function freshStorage() {
  const bucket = await server.createBucket();
  const storage = new S3Storage({ ...server.connection, bucket, prefix: PREFIX });
  storages.push(storage);
  const uploads: StartedUpload[] = [];
  storage.client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === 'CreateMultipartUploadCommand') {
        const { Key, UploadId } = result.output as { Key?: string; UploadId?: string };
        if (Key && UploadId) uploads.push({ key: Key, uploadId: UploadId });
      }
      return result;
    },
    { step: 'initialize', name: 'recordMultipartUploads' },
  );

  /**
   * Whether S3 still holds the upload. The server lacks ListMultipartUploads, so ask it the way a
   * client would: adding a part succeeds only while the upload is neither completed nor aborted.
   */
  async function isOpen({ key, uploadId }: StartedUpload): Promise<boolean> {
    const probe = new UploadPartCommand({
      Bucket: bucket,
      Key: key,
      UploadId: uploadId,
      PartNumber: 1,
      Body: Buffer.from('probe'),
    });
    try {
      await server.client.send(probe);
      return true;
    } catch (error) {
      if (error instanceof S3ServiceException && error.name === 'NoSuchUpload') return false;
      throw error;
    }
  }

  async function contents(): Promise<string[]> {
    const listed = await server.client.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect(listed.IsTruncated).toBe(false);
    const objects = (listed.Contents ?? []).map(({ Key = '' }) =>
      Key.startsWith(PREFIX) ? Key.slice(PREFIX.length) : `(outside the prefix) ${Key}`,
    );
    const open: string[] = [];
    for (const upload of uploads) {
      if (await isOpen(upload)) open.push(`(open multipart upload) ${upload.key}`);
    }
    return [...objects, ...open].sort();
  }

  return { bucket, storage, uploads, contents };
}

describeObjectStorage('S3Storage', freshStorage);

describe('S3Storage', () => {
  it('keeps objects under its prefix', async () => {
    const { bucket, storage } = await freshStorage();
    await storage.put('avatars/x', Buffer.from('x'));
    const listed = await server.client.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual(['parley/avatars/x']);
  });

  it('aborts the multipart upload of a stream that fails after its first part', async () => {
    const { storage, uploads, contents } = await freshStorage();
    const failing = Readable.from(
      (async function* () {
        yield Buffer.alloc(6 * 1024 * 1024, 1);
        throw new Error('connection reset');
      })(),
    );
    await expect(storage.put('media/cut', failing)).rejects.toThrow('connection reset');
    // The upload was started (so the check below is not empty) and is gone.
    expect(uploads.map((u) => u.key)).toEqual(['parley/media/cut']);
    expect(await contents()).toEqual([]);
  });

  it('sends parts while the stream is still open, never holding the whole body', async () => {
    const { storage } = await freshStorage();
    let partSent = () => {};
    const firstPartSent = new Promise<void>((resolve) => (partSent = resolve));
    storage.client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName === 'UploadPartCommand') partSent();
        return result;
      },
      { step: 'initialize', name: 'signalFirstPart' },
    );
    const data = randomBytes(12 * 1024 * 1024);
    const body = Readable.from(
      (async function* () {
        yield data.subarray(0, 6 * 1024 * 1024);
        // A put that read the whole body before sending would wait here until the test times out.
        await firstPartSent;
        yield data.subarray(6 * 1024 * 1024);
      })(),
    );
    await storage.put('media/live', body);
    expect((await buffer(await storage.get('media/live'))).equals(data)).toBe(true);
  }, 10_000);

  it('reports a missing bucket as an error, not as a missing file', async () => {
    const storage = new S3Storage({ ...server.connection, bucket: 'no-such-bucket' });
    storages.push(storage);
    const error: unknown = await storage.get('avatars/x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(S3ServiceException);
    expect((error as S3ServiceException).name).toBe('NoSuchBucket');
  });

  it('refuses an empty bucket or a prefix that is not key segments ending in "/"', () => {
    const options = { ...server.connection, bucket: 'b' };
    expect(() => new S3Storage({ ...options, bucket: '' })).toThrow('bucket must not be empty');
    for (const prefix of ['parley', '/parley/', '../', 'a//', 'UP/']) {
      expect(() => new S3Storage({ ...options, prefix })).toThrow('prefix must be');
    }
  });
});
