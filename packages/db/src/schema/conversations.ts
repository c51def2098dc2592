import {
  bigint,
  boolean,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { bytea } from './columns.js';
import { users } from './users.js';

export const conversations = pgTable('conversations', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** 'direct' (exactly two people, one conversation per pair) or 'group'. */
  kind: text('kind').notNull(),
  /** For direct conversations: the two user ids, sorted and joined, so a pair has one conversation. */
  directKey: text('direct_key').unique(),
  title: text('title'),
  /** Whether members added later may read messages from before they joined. */
  shareHistory: boolean('share_history').notNull().default(false),
  /** The current epoch: every membership change starts a new one. */
  epoch: integer('epoch').notNull().default(0),
  /** The last message sequence number handed out. */
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastActivityAt: timestamp('last_activity_at', { withTimezone: true }).notNull().defaultNow(),
});

export const conversationMembers = pgTable(
  'conversation_members',
  {
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** 'owner', 'admin' or 'member'. */
    role: text('role').notNull(),
    /** The first epoch whose messages this member may read. */
    joinedEpoch: integer('joined_epoch').notNull(),
    /** Receipts: the last message this member's client has received, and the last it has shown. */
    lastDeliveredSeq: bigint('last_delivered_seq', { mode: 'number' }).notNull().default(0),
    lastReadSeq: bigint('last_read_seq', { mode: 'number' }).notNull().default(0),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.conversationId, t.userId] }),
    index('conversation_members_user_idx').on(t.userId),
  ],
);

/**
 * Epoch keys on their way to member devices: each row is the pairwise-encrypted key of one epoch for
 * one device, deleted once that device has stored the key.
 */
export const epochKeyEnvelopes = pgTable(
  'epoch_key_envelopes',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    epoch: integer('epoch').notNull(),
    recipientUserId: uuid('recipient_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    recipientDeviceId: integer('recipient_device_id').notNull(),
    senderUserId: uuid('sender_user_id').notNull(),
    senderDeviceId: integer('sender_device_id').notNull(),
    envelope: bytea('envelope').notNull(),
  },
  (t) => [index('epoch_key_envelopes_recipient_idx').on(t.recipientUserId, t.recipientDeviceId)],
);

export const messages = pgTable(
  'messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    senderUserId: uuid('sender_user_id').references(() => users.id, { onDelete: 'set null' }),
    senderDeviceId: integer('sender_device_id').notNull(),
    /** Chosen by the sending client; a retried send with the same id returns the same message. */
    clientMessageId: text('client_message_id').notNull(),
    epoch: integer('epoch').notNull(),
    /** Content sealed under the epoch key and signed by the sender device; null once deleted. */
    sealed: bytea('sealed'),
    editedAt: timestamp('edited_at', { withTimezone: true }),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('messages_conversation_seq_key').on(t.conversationId, t.seq),
    uniqueIndex('messages_client_id_key').on(t.conversationId, t.senderUserId, t.clientMessageId),
  ],
);

/** Each member's reactions to a message: one row per (message, member), its emoji set sealed. */
export const reactions = pgTable(
  'reactions',
  {
    messageId: uuid('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    senderDeviceId: integer('sender_device_id').notNull(),
    epoch: integer('epoch').notNull(),
    /** Sealed like a message; its clientMessageId is `reaction:<messageId>`. */
    sealed: bytea('sealed').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.userId] })],
);

export type ConversationRow = typeof conversations.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;
