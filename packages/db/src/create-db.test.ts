import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createDb, type Database } from './create-db.js';
import { refreshTokens, sessions, users } from './schema/index.js';
import { createTestDb, testDbKinds } from './testing/index.js';

const newUser = (username: string) => ({ username, displayName: username, passwordHash: 'x' });

describe.each(testDbKinds())('schema on %s', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDb(kind);
  });
  afterAll(() => database.close());

  it('keeps usernames unique regardless of case', async () => {
    await database.db.insert(users).values(newUser('alice'));
    await expect(database.db.insert(users).values(newUser('ALICE'))).rejects.toThrow();
    const rows = await database.db.select().from(users).where(eq(users.username, 'alice'));
    expect(rows).toHaveLength(1);
  });

  it('removes sessions and refresh tokens with their user', async () => {
    const [user] = await database.db.insert(users).values(newUser('bob')).returning();
    const [session] = await database.db
      .insert(sessions)
      .values({ userId: user!.id, expiresAt: new Date(Date.now() + 60_000) })
      .returning();
    await database.db.insert(refreshTokens).values({ sessionId: session!.id, tokenHash: 'h1' });
    await database.db.delete(users).where(eq(users.id, user!.id));
    const left = await database.db.select().from(refreshTokens);
    expect(left.filter((t) => t.sessionId === session!.id)).toEqual([]);
  });

  it('migrates idempotently', async () => {
    const before = await database.db.$count(users);
    await database.migrate();
    expect(await database.db.$count(users)).toBe(before);
  });
});

describe('embedded PGlite under a data directory', () => {
  it('starts after a crash left an empty lock file', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'parley-db-'));
    try {
      const first = await createDb({ dataDir });
      await first.migrate();
      await first.close();
      await writeFile(path.join(dataDir, 'pg', 'postmaster.pid'), '');
      const again = await createDb({ dataDir });
      await again.migrate();
      expect(await again.db.$count(users)).toBe(0);
      await again.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('keeps data across a reopen', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'parley-db-'));
    try {
      const first = await createDb({ dataDir });
      await first.migrate();
      await first.db.insert(users).values(newUser('carol'));
      await first.close();
      const second = await createDb({ dataDir });
      await second.migrate();
      const rows = await second.db.select().from(users);
      expect(rows.map((r) => r.username)).toEqual(['carol']);
      await second.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe.each(testDbKinds())('notifications on %s', (kind) => {
  it('delivers a NOTIFY sent inside a transaction only once it commits', async () => {
    const database = await createTestDb(kind);
    try {
      const heard: string[] = [];
      let resolveHeard: () => void;
      const arrived = new Promise<void>((resolve) => (resolveHeard = resolve));
      const unlisten = await database.listen('parley_test', (payload) => {
        heard.push(payload);
        resolveHeard();
      });
      await database.db
        .transaction(async (tx) => {
          await tx.execute(sql`select pg_notify('parley_test', 'rolled back')`);
          throw new Error('roll back');
        })
        .catch(() => {});
      await database.db.transaction(async (tx) => {
        await tx.execute(sql`select pg_notify('parley_test', 'committed')`);
      });
      await arrived;
      expect(heard).toEqual(['committed']);
      await unlisten();
    } finally {
      await database.close();
    }
  });
});
