import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Readable } from 'node:stream';

import type { ByteRange, ObjectInfo, ObjectStorage } from './storage.js';
import { assertByteRange, assertStorageKey, isStorageKey, objectNotFound } from './storage.js';

export interface S3StorageOptions {
  bucket: string;
  region: string;
  /** An S3-compatible server's URL; AWS itself when absent. */
  endpoint?: string;
  /** `https://host/bucket/key` instead of `https://bucket.host/key` (most self-hosted servers need it). */
  forcePathStyle?: boolean;
  /** When absent, the SDK's default chain (AWS_* variables, instance or task roles). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Put before every key, e.g. `parley/` to share a bucket; empty or valid key segments ending in `/`. */
  prefix?: string;
}

/** S3's smallest part size: the least memory a streamed upload holds per part in flight. */
const PART_SIZE = 5 * 1024 * 1024;
/** Parts sent at once: bounds a streamed upload's memory to about 2 parts, whatever its length. */
const QUEUE_SIZE = 2;

/**
 * Objects in an S3 bucket (AWS or any S3-compatible server). Every key is checked as LocalStorage
 * checks it, so both backends accept exactly the same keys.
 */
export class S3Storage implements ObjectStorage {
  /** The underlying client, for what the interface does not cover (tests inspect uploads with it). */
  readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(options: S3StorageOptions) {
    const { bucket, prefix = '' } = options;
    if (bucket === '') throw new Error('S3Storage: bucket must not be empty.');
    if (prefix !== '' && !(prefix.endsWith('/') && isStorageKey(prefix.slice(0, -1)))) {
      throw new Error('S3Storage: prefix must be storage-key segments ending in "/".');
    }
    this.bucket = bucket;
    this.prefix = prefix;
    this.client = new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
      credentials: options.credentials,
      // The SDK's default CRC32 checksums (aws-chunked trailers) are refused by many S3-compatible
      // servers: send them only where S3 demands them. TLS already guards the transfer.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async put(key: string, body: Buffer | Readable): Promise<void> {
    // A body of unknown length goes up in parts held a few at a time, never whole. S3 shows an object
    // only once it is complete; on failure Upload aborts the multipart upload, so its parts go too.
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: this.objectKey(key), Body: body },
      partSize: PART_SIZE,
      queueSize: QUEUE_SIZE,
      leavePartsOnError: false,
    });
    await upload.done();
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    if (range) assertByteRange(range);
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: this.objectKey(key),
      Range: range ? `bytes=${range.start}-${range.end}` : undefined,
    });
    // Awaiting the response headers here makes a missing key reject this call, not the stream.
    const { Body } = await orNotFound(this.client.send(command));
    if (!(Body instanceof Readable)) throw new Error('S3 returned no readable body.');
    return Body;
  }

  async stat(key: string): Promise<ObjectInfo> {
    const command = new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) });
    const { ContentLength } = await orNotFound(this.client.send(command));
    if (ContentLength === undefined) throw new Error('S3 returned no Content-Length.');
    return { size: ContentLength };
  }

  async delete(key: string): Promise<void> {
    // S3 answers 204 whether or not the key existed.
    await this.client.send(
      new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }),
    );
  }

  private objectKey(key: string): string {
    assertStorageKey(key);
    return this.prefix + key;
  }
}

async function orNotFound<T>(request: Promise<T>): Promise<T> {
  try {
    return await request;
  } catch (error) {
    throw isMissingObject(error) ? objectNotFound() : error;
  }
}

/**
 * GetObject says NoSuchKey; HeadObject has no body, so only its 404 shows. A missing bucket stays an
 * error: it is a misconfiguration, not a missing file.
 */
function isMissingObject(error: unknown): boolean {
  return (
    error instanceof S3ServiceException &&
    error.$metadata.httpStatusCode === 404 &&
    error.name !== 'NoSuchBucket'
  );
}
