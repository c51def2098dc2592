import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Database, type Db } from './create-db.js';
import { MAX_PREPARED_PARAMETERS } from './prepared-queries.js';
import { testDbKinds } from './testing/index.js';
import { testEnv } from './testing/env.js';

type Runner = Pick<Db, 'execute'>;

/** The rows of a query on postgres.js (the driver-neutral `Db` types them as unknown). */
const rowsOf = async <T>(runner: Runner, query: SQL) =>
  (await runner.execute(query)) as unknown as T[];

/** The statements the connection under `runner` holds prepared (a query without parameters is not). */
async function preparedOn(runner: Runner): Promise<string[]> {
  const rows = await rowsOf<{ statement: string }>(
    runner,
    sql`select statement from pg_prepared_statements`,
  );
  return rows.map((row) => row.statement);
}

const sumOf = (count: number): SQL =>
  sql`select ${sql.join(
    Array.from({ length: count }, (_, i) => sql`${i + 1}::int`),
    sql` + `,
  )} as total`;

// PGlite runs in this process, with no round trips to save.
describe.each(testDbKinds().filter((kind) => kind === 'postgres'))('queries on %s', () => {
  let database: Database;
  beforeAll(async () => {
    // One connection, so that what it holds prepared is what the queries below left there.
    database = await createDb({ databaseUrl: testEnv.databaseUrl!, maxConnections: 1 });
  });
  afterAll(() => database.close());

  it('keeps a query with parameters prepared on its connection', async () => {
    const [row] = await rowsOf<{ greeting: string }>(
      database.db,
      sql`select ${'hello'}::text || ' prepared' as greeting`,
    );
    expect(row!.greeting).toBe('hello prepared');
    expect(await preparedOn(database.db)).toContain("select $1::text || ' prepared' as greeting");
  });

  it('prepares the queries of transactions and of their savepoints too', async () => {
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`select ${1}::int as in_transaction`);
      await tx.transaction(async (savepoint) => {
        await savepoint.execute(sql`select ${2}::int as in_savepoint`);
        expect(await preparedOn(savepoint)).toEqual(
          expect.arrayContaining([
            'select $1::int as in_transaction',
            'select $1::int as in_savepoint',
          ]),
        );
      });
    });
  });

  it('leaves a query with more parameters than the bound unprepared, and runs it', async () => {
    const count = MAX_PREPARED_PARAMETERS + 1;
    const [row] = await rowsOf<{ total: number }>(database.db, sumOf(count));
    expect(row!.total).toBe((count * (count + 1)) / 2);
    const [bounded] = await rowsOf<{ total: number }>(database.db, sumOf(2));
    expect(bounded!.total).toBe(3);
    const prepared = await preparedOn(database.db);
    expect(prepared).toContain('select $1::int + $2::int as total');
    expect(prepared.filter((statement) => statement.includes(`$${count}::int`))).toEqual([]);
  });
});
