import { sql } from 'drizzle-orm';
import { schema } from '@parley/db';
import { endWith, type Tx } from '../db/transaction.js';
import type { TEvent } from './event-types.js';

const { events } = schema;

export const EVENTS_CHANNEL = 'parley_events';
// Any fixed number shared by every Parley process.
const EVENTS_LOCK_ID = 7_245_002;

/**
 * Appends events inside the caller's transaction. The transaction lock makes ids grow in commit order,
 * so a reader that has seen id N never later finds a smaller id committed; the NOTIFY is delivered to
 * listeners only when the transaction commits, and never if it rolls back. The three statements go
 * out together (pipelined, run in order): the notice names the newest id from the sequence itself.
 * They end the transaction (`endWith`): with `transaction`, the COMMIT goes with them, and the lock
 * that orders every conversation's events is held only while PostgreSQL runs them.
 */
export async function recordEvents(
  tx: Tx,
  entries: { userId: string; event: TEvent }[],
): Promise<void> {
  if (entries.length === 0) return;
  await endWith(tx, [
    tx.execute(sql`select pg_advisory_xact_lock(${EVENTS_LOCK_ID})`),
    // Three array parameters, however many rows: drizzle took 50-100 ms to build the insert of the
    // 1,000 rows a message to a 1,000-member group makes, with three parameters a row.
    tx.execute(sql`
      insert into ${events} (user_id, type, payload)
      select user_id, type, payload::jsonb
      from unnest(
        ${sql.param(entries.map((e) => e.userId))}::uuid[],
        ${sql.param(entries.map((e) => e.event.type))}::text[],
        ${sql.param(entries.map((e) => JSON.stringify(e.event)))}::text[]
      ) as entry (user_id, type, payload)`),
    // The insert took its ids in row order, so the sequence's current value is the newest.
    tx.execute(
      sql`select pg_notify(${EVENTS_CHANNEL}, currval(pg_get_serial_sequence('events', 'id'))::text)`,
    ),
  ]);
}
