import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { createDb, type Database } from '../create-db.js';
import { testEnv } from './env.js';

export type TestDbKind = 'pglite' | 'postgres';

/** The databases every db/api test runs against: PGlite always, PostgreSQL when DATABASE_URL is set. */
export function testDbKinds(): TestDbKind[] {
  if (testEnv.databaseUrl) return ['pglite', 'postgres'];
  if (testEnv.ci)
    throw new Error('CI=true but DATABASE_URL is not set: refusing to skip PostgreSQL tests');
  return ['pglite'];
}

let pgliteTemplate: Promise<Blob> | undefined;

/** Migrating takes seconds on PGlite, so migrate once per process and start each test db from a copy. */
function migratedPgliteImage(): Promise<Blob> {
  pgliteTemplate ??= (async () => {
    const database = await createDb({ pglite: await PGlite.create() });
    await database.migrate();
    const image = await database.pglite!.dumpDataDir('none');
    await database.close();
    return image;
  })();
  return pgliteTemplate;
}

/**
 * A fresh, migrated, empty database. On PostgreSQL it is a new database on the DATABASE_URL server,
 * dropped again by `close()`.
 */
export async function createTestDb(kind: TestDbKind): Promise<Database> {
  if (kind === 'pglite') {
    return createDb({ pglite: await PGlite.create({ loadDataDir: await migratedPgliteImage() }) });
  }
  const url = testEnv.databaseUrl;
  if (!url) throw new Error('DATABASE_URL is required for PostgreSQL tests');
  const name = `parley_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = await createDb({ databaseUrl: target.toString(), maxConnections: 5 });
  await database.migrate();
  return {
    ...database,
    async close() {
      await database.close();
      const dropper = postgres(url, { max: 1, onnotice: () => {} });
      try {
        await dropper.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
