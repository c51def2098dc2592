import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema, type Database } from '@parley/db';
import { createTestDb, testDbKinds } from '@parley/db/testing';
import { endWith, transaction, type Tx } from './transaction.js';

const { users } = schema;

describe.each(testDbKinds())('transactions ending with unanswered statements on %s', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDb(kind);
  });
  afterAll(() => database.close());

  const addUser = (tx: Tx, username: string) =>
    tx.insert(users).values({ username, displayName: username, passwordHash: 'x' });
  const stored = async (username: string) =>
    (await database.db.select().from(users).where(eq(users.username, username))).length;

  it('commits the final statements with the rest, and returns before their answers', async () => {
    let ended = false;
    const result = await transaction(database.db, async (tx) => {
      await addUser(tx, 'tail_first');
      await endWith(tx, [addUser(tx, 'tail_last').then(() => (ended = true))]);
      // The caller goes on (and the COMMIT goes out) without waiting for them.
      expect(ended).toBe(false);
      return 'done';
    });
    expect(result).toBe('done');
    expect(ended).toBe(true);
    expect([await stored('tail_first'), await stored('tail_last')]).toEqual([1, 1]);
  });

  it('fails, with nothing stored, when a final statement fails (the COMMIT rolled back)', async () => {
    const attempt = transaction(database.db, async (tx) => {
      await addUser(tx, 'tail_kept_out');
      await endWith(tx, [tx.execute(sql`select 1 / 0`)]);
      return 'done';
    });
    await expect(attempt).rejects.toThrow(/select 1 \/ 0/);
    expect(await stored('tail_kept_out')).toBe(0);
  });

  it('waits for the final statements in a transaction opened otherwise', async () => {
    const attempt = database.db.transaction(async (tx) => {
      await addUser(tx, 'tail_plain');
      await endWith(tx, [tx.execute(sql`select 1 / 0`)]);
      throw new Error('not reached: endWith threw');
    });
    await expect(attempt).rejects.toThrow(/select 1 \/ 0/);
    expect(await stored('tail_plain')).toBe(0);
  });
});
