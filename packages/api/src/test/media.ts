// Helpers for the media routes' tests: upload and download over real HTTP, and what storage holds.
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import type { TAttachment } from '../media/attachment.js';
import { randomUUID } from 'node:crypto';
import { testDbKinds, type TestDbKind } from '@parley/db/testing';
import { afterAll, beforeAll } from 'vitest';
import type { ApiConfig } from '../config.js';
import { LocalStorage } from '../storage/local-storage.js';
import { S3Storage } from '../storage/s3-storage.js';
import type { ObjectStorage } from '../storage/storage.js';
import { startTestApi, TEST_ORIGIN, type TestApi } from './harness.js';
import { signedUp, type TestClient } from './client.js';
import { startS3Server, type TestS3Server } from './s3-server.js';

export interface Uploaded {
  status: number;
  body: { attachment?: TAttachment; mediaId?: string; size?: number; error?: ErrorBody };
}

export interface ErrorBody {
  message: string;
  code: string;
  field?: string;
}

export async function upload(
  baseUrl: string,
  token: string | null,
  kind: string,
  body: Uint8Array | ReadableStream<Uint8Array>,
  options: { name?: string; encrypted?: boolean } = {},
): Promise<Uploaded> {
  const query = new URLSearchParams({ kind });
  if (options.name !== undefined) query.set('name', options.name);
  if (options.encrypted) query.set('encrypted', '1');
  const response = await fetch(`${baseUrl}/media?${query}`, {
    method: 'POST',
    headers: { origin: TEST_ORIGIN, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
    duplex: 'half',
  } as RequestInit);
  return { status: response.status, body: (await response.json()) as Uploaded['body'] };
}

/** An upload that must succeed; its attachment descriptor. */
export async function uploaded(
  baseUrl: string,
  token: string | null,
  kind: string,
  body: Uint8Array,
  name = `a.${kind}`,
): Promise<TAttachment> {
  const result = await upload(baseUrl, token, kind, body, { name });
  if (result.status !== 201 || !result.body.attachment) {
    throw new Error(`upload failed: ${result.status} ${JSON.stringify(result.body)}`);
  }
  return result.body.attachment;
}

/** GET of a media URL (relative `/media/…` or absolute), with optional Range and Bearer token. */
export async function download(
  baseUrl: string,
  url: string,
  options: { range?: string; token?: string } = {},
) {
  const headers: Record<string, string> = {};
  if (options.range) headers.range = options.range;
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(new URL(url, baseUrl), { headers });
  return {
    status: response.status,
    headers: response.headers,
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

export type StorageKind = 'local' | 's3';

export interface MediaTestApi extends TestApi {
  /** Every stored object's bytes, by key: what a stolen disk or bucket would show. */
  stored(): Promise<Map<string, Buffer>>;
  /** Counts of `put` calls begun and settled, to wait for an interrupted upload to be cleaned up. */
  puts: { started: number; settled: number };
}

/** The real storage, counting its writes (instrumentation only: every call goes through). */
function counted(storage: ObjectStorage, puts: MediaTestApi['puts']): ObjectStorage {
  return {
    put: async (key, body) => {
      puts.started += 1;
      try {
        await storage.put(key, body);
      } finally {
        puts.settled += 1;
      }
    },
    get: (key, range) => storage.get(key, range),
    stat: (key) => storage.stat(key),
    delete: (key) => storage.delete(key),
  };
}

/** Polls `condition` until it holds, failing after `timeoutMs`. */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A test API whose media go to files under its data directory, or to a bucket on `s3`. */
export async function startMediaApi(
  dbKind: TestDbKind,
  storageKind: StorageKind,
  s3: TestS3Server | null,
  overrides: Partial<ApiConfig> = {},
): Promise<MediaTestApi> {
  const puts = { started: 0, settled: 0 };
  if (storageKind === 'local') {
    const storage = (dataDir: string) =>
      counted(new LocalStorage(path.join(dataDir, 'media')), puts);
    const api = await startTestApi(dbKind, overrides, { storage });
    return { ...api, puts, stored: () => filesUnder(path.join(api.dataDir, 'media')) };
  }
  if (!s3) throw new Error('an S3 server is needed for S3 storage');
  const bucket = await s3.createBucket();
  const storage = new S3Storage({ ...s3.connection, bucket });
  const api = await startTestApi(dbKind, overrides, { storage: () => counted(storage, puts) });
  const stored = async () => {
    const out = new Map<string, Buffer>();
    const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: bucket }));
    for (const { Key } of listed.Contents ?? []) {
      out.set(Key!, await buffer(await storage.get(Key!)));
    }
    return out;
  };
  return { ...api, puts, stored };
}

/** Every file under a folder (temporary files included), by path relative to it. */
export async function filesUnder(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out.set(path.relative(dir, file), await readFile(file));
  }
  return out;
}

/** Every database the tests run on, each with local files and with an S3 bucket. */
export function mediaTestCases() {
  const storageKinds = ['local', 's3'] as const;
  return testDbKinds().flatMap((db) => storageKinds.map((storage) => [db, storage] as const));
}

export interface MediaChat {
  api: MediaTestApi;
  alice: TestClient;
  bob: TestClient;
  conversationId: string;
}

/**
 * Sets up a describe block: an API on that database and storage (an S3 server of its own for `s3`),
 * and Alice and Bob in a direct conversation. The fields are filled in by `beforeAll`.
 */
export function mediaChat(
  dbKind: TestDbKind,
  storageKind: StorageKind,
  prefix: string,
  overrides: Partial<ApiConfig> = {},
): MediaChat {
  const chat = {} as MediaChat;
  let s3: TestS3Server | null = null;
  beforeAll(async () => {
    if (storageKind === 's3') s3 = await startS3Server();
    chat.api = await startMediaApi(dbKind, storageKind, s3, overrides);
    chat.alice = (await signedUp(chat.api.url, `${prefix}_alice`)).client;
    chat.bob = (await signedUp(chat.api.url, `${prefix}_bob`)).client;
    const direct = await chat.alice.trpc.conversations.openDirect.mutate({
      username: `${prefix}_bob`,
    });
    chat.conversationId = direct.id;
  });
  afterAll(async () => {
    await chat.api?.close();
    await s3?.close();
  });
  return chat;
}

/** Alice sends the attachments; returns the message as Bob reads it. */
export async function sentToBob(chat: MediaChat, attachments: TAttachment[], text = '') {
  const { conversationId } = chat;
  const sent = await chat.alice.trpc.messages.send.mutate({
    conversationId,
    clientMessageId: randomUUID(),
    text,
    attachments,
  });
  const page = await chat.bob.trpc.messages.list.query({ conversationId });
  return page.messages.find((m) => m.id === sent.id)!;
}
