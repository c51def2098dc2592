import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Failed sign-in counters per key ("user:<name>", "ip:<addr>") in fixed windows. Kept in the database
 * rather than in memory so every API process sees the same count.
 */
export const authFailures = pgTable('auth_failures', {
  key: text('key').primaryKey(),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
  count: integer('count').notNull(),
});
