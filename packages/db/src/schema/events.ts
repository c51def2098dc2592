import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users.js';

/**
 * Each user's resumable event stream (the `events.stream` subscription). Rows are written in the same
 * transaction as the change they describe, and ids grow in commit order (writers take a transaction
 * lock before inserting), so "everything after id N" is exactly what a reconnecting client missed.
 */
export const events = pgTable(
  'events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    payload: jsonb('payload').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('events_user_id_id_idx').on(t.userId, t.id)],
);

export type EventRow = typeof events.$inferSelect;
