import {
  bigserial,
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

/**
 * Signal devices. `deviceId` is libsignal's device number within the user (1–127); the key directory
 * and pairwise inboxes address devices as (userId, deviceId).
 */
export const devices = pgTable(
  'devices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    deviceId: integer('device_id').notNull(),
    /** 'hosted' (the API's device for the user's browsers) or 'sdk' (a Node program's own keys). */
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    registrationId: integer('registration_id').notNull(),
    identityKey: bytea('identity_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('devices_user_device_key').on(t.userId, t.deviceId)],
);

/** The current signed EC prekey and last-resort Kyber prekey of each device (replaced on rotation). */
export const signedPrekeys = pgTable(
  'signed_prekeys',
  {
    deviceRef: uuid('device_ref')
      .notNull()
      .references(() => devices.id, { onDelete: 'cascade' }),
    /** 'ec' or 'kyber-last-resort'. */
    kind: text('kind').notNull(),
    keyId: integer('key_id').notNull(),
    publicKey: bytea('public_key').notNull(),
    signature: bytea('signature').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.deviceRef, t.kind] })],
);

/** One-time prekeys: each row is handed out once and deleted in the same statement. */
export const oneTimePrekeys = pgTable(
  'one_time_prekeys',
  {
    deviceRef: uuid('device_ref')
      .notNull()
      .references(() => devices.id, { onDelete: 'cascade' }),
    /** 'ec' or 'kyber'. */
    kind: text('kind').notNull(),
    keyId: integer('key_id').notNull(),
    publicKey: bytea('public_key').notNull(),
    /** Kyber prekeys are signed by the identity key; EC one-time prekeys are not. */
    signature: bytea('signature'),
  },
  (t) => [primaryKey({ columns: [t.deviceRef, t.kind, t.keyId] })],
);

/** Pairwise Signal envelopes waiting for their recipient device; deleted once acknowledged. */
export const deviceInbox = pgTable(
  'device_inbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    recipientRef: uuid('recipient_ref')
      .notNull()
      .references(() => devices.id, { onDelete: 'cascade' }),
    senderUserId: uuid('sender_user_id').notNull(),
    senderDeviceId: integer('sender_device_id').notNull(),
    envelope: bytea('envelope').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('device_inbox_recipient_idx').on(t.recipientRef, t.id)],
);

/**
 * A hosted device's private state: the crypto key-value store, every value sealed under the user's
 * account key. Keyed by address rather than device row, since the state exists before the device's
 * keys are published.
 */
export const deviceState = pgTable(
  'device_state',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    deviceId: integer('device_id').notNull(),
    key: text('key').notNull(),
    value: bytea('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.deviceId, t.key] })],
);

export type DeviceRow = typeof devices.$inferSelect;
