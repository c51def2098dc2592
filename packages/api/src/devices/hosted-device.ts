import {
  Device,
  SealedKeyValueStore,
  createAccountKey,
  unwrapAccountKeyWithMasterKey,
  wrapAccountKeyWithMasterKey,
} from '@parley/crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { schema } from '@parley/db';
import type { Services } from '../context.js';
import type { Secrets } from '../secrets.js';
import type { DbOrTx, Tx } from '../db/transaction.js';
import { receiveEpochKeys } from '../conversations/epoch-keys.js';
import { AppError } from '../errors.js';
import { HOSTED_DEVICE_ID, registerDevice } from './key-directory.js';
import { PgKeyValueStore } from './pg-key-value-store.js';

const { sessions } = schema;

/**
 * The API hosts one Signal device per user for the user's browsers, which cannot run libsignal. Its
 * whole state is sealed under the user's random account key, which the server holds only wrapped:
 * under the password (users.account_key_by_password) and, per live session, under the master key
 * (sessions.account_key_by_master), so any API process can serve a signed-in browser.
 */
function hostedStore(db: DbOrTx, userId: string, accountKey: Uint8Array) {
  return new SealedKeyValueStore(new PgKeyValueStore(db, userId, HOSTED_DEVICE_ID), accountKey);
}

/** Creates and publishes the hosted device of a new user; returns the account key sealing it. */
export async function createHostedDevice(
  tx: DbOrTx,
  userId: string,
  preKeyCount: number,
): Promise<Uint8Array> {
  const accountKey = createAccountKey();
  const device = await Device.create(hostedStore(tx, userId, accountKey), {
    address: { userId, deviceId: HOSTED_DEVICE_ID },
    preKeyCount,
  });
  await registerDevice(tx, userId, {
    kind: 'hosted',
    name: 'Web',
    keys: await device.publishedKeys(),
  });
  return accountKey;
}

/** The master-key wrap stored with a session; bound to that session so it cannot be moved. */
export function wrapForSession(accountKey: Uint8Array, sessionId: string, secrets: Secrets) {
  return wrapAccountKeyWithMasterKey(accountKey, secrets.masterKey, secrets.masterKeyId, {
    context: `session:${sessionId}`,
  });
}

/** The account key wrapped for a session that is still live; UNAUTHORIZED once it is revoked. */
export async function liveSessionWrap(tx: Tx, sessionId: string): Promise<Uint8Array> {
  const [session] = await tx
    .select({ wrapped: sessions.accountKeyByMaster })
    .from(sessions)
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
  if (!session?.wrapped)
    throw new AppError('UNAUTHORIZED', 'Your session has ended; sign in again');
  return session.wrapped;
}

// Any fixed number shared by every Parley process, paired with the user in the lock key.
const HOSTED_DEVICE_LOCK = 7_245_003;

/**
 * Runs `operation` with the caller's hosted device, opened through their live session's wrapped
 * account key, inside one transaction that holds the device's lock: libsignal does no locking, so
 * two API processes must never run session operations on one device at once. All device state is
 * read and written through that transaction. Epoch keys waiting for the device are taken in first.
 */
export async function withHostedDevice<T>(
  services: Pick<Services, 'db' | 'config' | 'logger'>,
  auth: { userId: string; sessionId: string },
  operation: (device: Device, tx: Tx) => Promise<T>,
): Promise<T> {
  const { secrets } = services.config;
  return services.db.transaction(async (tx) => {
    await tx.execute(
      sql`select pg_advisory_xact_lock(${HOSTED_DEVICE_LOCK}, hashtext(${auth.userId}))`,
    );
    const accountKey = unwrapAccountKeyWithMasterKey(
      await liveSessionWrap(tx, auth.sessionId),
      new Map([[secrets.masterKeyId, secrets.masterKey]]),
      { context: `session:${auth.sessionId}` },
    );
    const device = await Device.load(hostedStore(tx, auth.userId, accountKey));
    await receiveEpochKeys(tx, device, services.logger);
    return operation(device, tx);
  });
}
