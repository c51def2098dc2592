import { sql } from 'drizzle-orm';
import { pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { bytea } from './columns.js';

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    status: text('status').notNull().default(''),
    passwordHash: text('password_hash').notNull(),
    /** The account key (which seals the hosted device's state) wrapped under Argon2id(password). */
    accountKeyByPassword: bytea('account_key_by_password'),
    /** Server-generated storage name of the current display picture; null when none is set. */
    pictureKey: text('picture_key'),
    /** When the user's last live connection ended (presence: "last seen"). */
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // Usernames are unique case-insensitively even if a future rule admits upper case.
  (t) => [uniqueIndex('users_username_lower_key').on(sql`lower(${t.username})`)],
);

export type UserRow = typeof users.$inferSelect;
