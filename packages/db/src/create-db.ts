import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { prepareQueries } from './prepared-queries.js';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
/** The query interface shared by both drivers; domain code depends on this, never on a driver. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Applies the committed drizzle-kit migrations; safe to call from several processes at once. */
  migrate(): Promise<void>;
  close(): Promise<void>;
  /**
   * Calls `onPayload` for each NOTIFY on `channel`. On PostgreSQL this holds one connection for the
   * process and hears every process; on PGlite it hears this process only (its only writer).
   * Resolves to an unlisten function.
   */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  /** The PGlite instance when embedded (its LISTEN/NOTIFY works only inside this process). */
  pglite?: PGlite;
  /** The postgres.js client when on PostgreSQL. */
  sql?: postgres.Sql;
}

export type CreateDbOptions =
  { databaseUrl: string; maxConnections?: number } | { dataDir: string } | { pglite: PGlite };

const migrationsFolder = fileURLToPath(new URL('../migrations', import.meta.url));
// Any fixed number: it only has to be the same in every Parley process.
const MIGRATION_LOCK_ID = 7_245_001;

/**
 * Opens the database: PostgreSQL through postgres.js when a URL is given, otherwise embedded PGlite
 * stored in `dataDir/pg` (or a caller-made PGlite instance, which tests use for in-memory copies).
 */
export async function createDb(options: CreateDbOptions): Promise<Database> {
  if ('databaseUrl' in options) return openPostgres(options.databaseUrl, options.maxConnections);
  let client: PGlite;
  if ('pglite' in options) {
    client = options.pglite;
  } else {
    const dir = path.join(options.dataDir, 'pg');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await removeEmptyLockFile(dir);
    client = await PGlite.create(dir);
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    pglite: client,
    migrate: () => migratePglite(drizzlePglite(client, { schema }), { migrationsFolder }),
    close: () => client.close(),
    listen: (channel, onPayload) => client.listen(channel, onPayload),
  };
}

/**
 * A process killed while PGlite was starting leaves an empty postmaster.pid, and every later start
 * then fails ("lock file is empty"). An empty one names no owner, so it is safe to remove.
 */
async function removeEmptyLockFile(dir: string) {
  const lock = path.join(dir, 'postmaster.pid');
  const info = await stat(lock).catch(() => null);
  if (info?.isFile() && info.size === 0) await rm(lock);
}

function openPostgres(url: string, max = 10): Database {
  // Keep PostgreSQL's notices (e.g. "relation already exists, skipping") out of the logs.
  const sql = postgres(url, { max, onnotice: () => {} });
  const db = drizzlePostgres(prepareQueries(sql), { schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    sql,
    async migrate() {
      // Several API processes may start together: one migrates while the others wait on the lock.
      // A one-connection client keeps the session-level advisory lock and the migration together.
      const conn = postgres(url, { max: 1, onnotice: () => {} });
      try {
        await conn`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
        await migratePostgres(drizzlePostgres(conn, { schema }), { migrationsFolder });
      } finally {
        await conn.end({ timeout: 5 });
      }
    },
    close: () => sql.end({ timeout: 5 }),
    async listen(channel, onPayload) {
      const { unlisten } = await sql.listen(channel, onPayload);
      return unlisten;
    },
  };
}
