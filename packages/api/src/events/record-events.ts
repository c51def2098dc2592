import { sql } from 'drizzle-orm';
import { schema } from '@parley/db';
import type { Tx } from '../db/transaction.js';
import type { TEvent } from './event-types.js';

const { events } = schema;

export const EVENTS_CHANNEL = 'parley_events';
// Any fixed number shared by every Parley process.
const EVENTS_LOCK_ID = 7_245_002;

/**
 * Appends events inside the caller's transaction. The transaction lock makes ids grow in commit order,
 * so a reader that has seen id N never later finds a smaller id committed; the NOTIFY is delivered to
 * listeners only when the transaction commits, and never if it rolls back.
 */
export async function recordEvents(
  tx: Tx,
  entries: { userId: string; event: TEvent }[],
): Promise<void> {
  if (entries.length === 0) return;
  await tx.execute(sql`select pg_advisory_xact_lock(${EVENTS_LOCK_ID})`);
  const rows = await tx
    .insert(events)
    .values(entries.map(({ userId, event }) => ({ userId, type: event.type, payload: event })))
    .returning({ id: events.id });
  const newest = Math.max(...rows.map((r) => r.id));
  await tx.execute(sql`select pg_notify(${EVENTS_CHANNEL}, ${String(newest)})`);
}
