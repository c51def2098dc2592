import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

/**
 * `column = any($1::uuid[])`: many ids as one array parameter. inArray makes one parameter each, and
 * drizzle's time to build the query grows with them (the event feed's query took 8.5 ms to build
 * for 1,000 users and 70 ms for 10,000, on every notification).
 */
export const anyOf = (column: PgColumn, ids: readonly string[]): SQL =>
  sql`${column} = any(${sql.param(ids)}::uuid[])`;
