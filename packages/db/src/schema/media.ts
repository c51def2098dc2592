import { sql } from 'drizzle-orm';
import { bigint, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { conversations, messages } from './conversations.js';
import { users } from './users.js';

/**
 * One stored object (an upload, or a thumbnail or rendition made from one). The object itself is
 * ciphertext; its key, name and type travel only inside sealed messages, never in this table.
 */
export const media = pgTable(
  'media',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerUserId: uuid('owner_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** 'image', 'video', 'voice' or 'file': the kind the upload was checked as (limits, sweep). */
    kind: text('kind').notNull(),
    /** Server-generated object name; never derived from anything the user sent. */
    storageKey: text('storage_key').notNull().unique(),
    /** Plaintext bytes; for client-encrypted uploads, the ciphertext bytes. */
    size: bigint('size', { mode: 'number' }).notNull(),
    encryptedSize: bigint('encrypted_size', { mode: 'number' }).notNull(),
    /** 'server' (a hosted device's upload, encrypted by the API) or 'client' (an SDK device's). */
    encryptedBy: text('encrypted_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** When a message first referenced it; unattached rows past a configurable age are swept. */
    attachedAt: timestamp('attached_at', { withTimezone: true }),
  },
  (t) => [
    index('media_unattached_idx')
      .on(t.createdAt)
      .where(sql`${t.attachedAt} is null`),
  ],
);

/** Which messages carry which media: the authorisation of a download (members of the conversation). */
export const messageMedia = pgTable(
  'message_media',
  {
    messageId: uuid('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    mediaId: uuid('media_id')
      .notNull()
      .references(() => media.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.messageId, t.mediaId] }),
    index('message_media_media_idx').on(t.mediaId, t.conversationId),
  ],
);

/** Voice messages each listener has played (the played/unplayed dot is per listener). */
export const voicePlays = pgTable(
  'voice_plays',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    messageId: uuid('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    playedAt: timestamp('played_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.messageId] })],
);

export type MediaRow = typeof media.$inferSelect;
