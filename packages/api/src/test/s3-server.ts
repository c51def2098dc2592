// A real S3-compatible server for tests: fauxqs's S3 API (in memory) on a free loopback port.
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { buildApp } from 'fauxqs';

import type { S3StorageOptions } from '../storage/s3-storage.js';

export interface TestS3Server {
  /** Connection options for S3Storage, without the bucket. */
  connection: Omit<S3StorageOptions, 'bucket' | 'prefix'>;
  /** A client of its own, for looking at the server behind the storage's back. */
  client: S3Client;
  createBucket(): Promise<string>;
  close(): Promise<void>;
}

export async function startS3Server(): Promise<TestS3Server> {
  const app = buildApp({ logger: false });
  // startFauxqs() would listen on every interface; tests stay on loopback.
  const endpoint = await app.listen({ port: 0, host: '127.0.0.1' });
  const connection = {
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    // Explicit, so the SDK never looks for credentials on the machine or the network.
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  };
  const client = new S3Client(connection);
  let buckets = 0;
  return {
    connection,
    client,
    async createBucket() {
      buckets += 1;
      const bucket = `parley-test-${buckets}`;
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
      return bucket;
    },
    async close() {
      client.destroy();
      await app.close();
    },
  };
}
