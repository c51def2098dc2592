import { index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users.js';

/**
 * Who is connected, per API process: a row while the user has a live event stream on that process,
 * refreshed by the process's heartbeat. A row not refreshed for a while belongs to a process that
 * died, and no longer counts.
 */
export const presence = pgTable(
  'presence',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    processId: text('process_id').notNull(),
    seenAt: timestamp('seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.processId] }),
    index('presence_process_idx').on(t.processId),
  ],
);
