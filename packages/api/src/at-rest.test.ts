import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createDb, type Database } from '@parley/db';
import { createTestDb, testDbKinds } from '@parley/db/testing';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import { signedUp } from './test/client.js';
import { startTestApi } from './test/harness.js';

/** Every byte of every file under a folder, one buffer per file. */
async function filesUnder(dir: string): Promise<Buffer[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return Promise.all(
    entries.filter((e) => e.isFile()).map((e) => readFile(path.join(e.parentPath, e.name))),
  );
}

/** Sends and reads messages carrying a unique marker through a full API on `database`. */
async function exchangeMarked(database: Database, kind: 'pglite' | 'postgres', logs: Buffer[]) {
  const logger = createLogger('debug', {
    write: (line: string) => void logs.push(Buffer.from(line)),
  });
  const api = await startTestApi(kind, {}, { database, logger });
  const marker = `AT-REST-${randomUUID()}`;
  try {
    const { client: a } = await signedUp(api.url, 'rest_a');
    const { client: b } = await signedUp(api.url, 'rest_b');
    const { id } = await a.trpc.conversations.openDirect.mutate({ username: 'rest_b' });
    const group = await a.trpc.conversations.createGroup.mutate({
      title: 'Rest',
      usernames: ['rest_b'],
    });
    for (const conversationId of [id, group.id]) {
      const sent = await a.trpc.messages.send.mutate({
        conversationId,
        clientMessageId: randomUUID(),
        text: `first ${marker}`,
      });
      await a.trpc.messages.edit.mutate({
        conversationId,
        messageId: sent.id,
        text: `edited ${marker}`,
      });
    }
    const page = await b.trpc.messages.list.query({ conversationId: id });
    expect(page.messages[0]!.text).toBe(`edited ${marker}`);
    return { marker, dataDir: api.dataDir, close: () => api.close() };
  } catch (error) {
    await api.close();
    throw error;
  }
}

// Each makes a database of its own and an API on it (PGlite's migrations alone take seconds), so a
// loaded machine gets more than the default 30 s.
const FRESH_DATABASE_MS = 90_000;

describe('message text at rest', () => {
  it(
    'appears in no file of the PGlite data directory (WAL included) and in no log line',
    async () => {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'parley-rest-'));
      const logs: Buffer[] = [];
      try {
        const database = await createDb({ dataDir });
        await database.migrate();
        const run = await exchangeMarked(database, 'pglite', logs);
        const needle = Buffer.from(run.marker);
        const media = await filesUnder(run.dataDir);
        await run.close();
        await database.close();
        const stored = await filesUnder(dataDir);
        // The scan can see plaintext: usernames are stored in the clear.
        expect(stored.some((file) => file.includes(Buffer.from('rest_a')))).toBe(true);
        expect(stored.filter((file) => file.includes(needle))).toEqual([]);
        expect(media.filter((file) => file.includes(needle))).toEqual([]);
        expect(logs.length).toBeGreaterThan(0);
        expect(logs.filter((line) => line.includes(needle))).toEqual([]);
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    },
    FRESH_DATABASE_MS,
  );

  it.each(testDbKinds().filter((kind) => kind === 'postgres'))(
    'appears nowhere in a pg_dump of the %s database',
    async (kind) => {
      const database = await createTestDb(kind);
      const logs: Buffer[] = [];
      try {
        const run = await exchangeMarked(database, kind, logs);
        await run.close();
        const [row] = await database.sql!`select current_database() as name`;
        const url = new URL(process.env.DATABASE_URL!);
        url.pathname = `/${row!.name as string}`;
        const { stdout } = await promisify(execFile)('pg_dump', ['--data-only', url.toString()], {
          maxBuffer: 256 * 1024 * 1024,
          encoding: 'buffer',
        });
        expect(stdout.length).toBeGreaterThan(1000);
        expect(stdout.includes(Buffer.from('rest_a'))).toBe(true);
        expect(stdout.includes(Buffer.from(run.marker))).toBe(false);
        expect(logs.filter((line) => line.includes(Buffer.from(run.marker)))).toEqual([]);
      } finally {
        await database.close();
      }
    },
    FRESH_DATABASE_MS,
  );
});
