import {
  Device,
  SealedKeyValueStore,
  createAccountKey,
  unwrapAccountKeyWithMasterKey,
  wrapAccountKeyWithMasterKey,
} from '@parley/crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { schema, type Db } from '@parley/db';
import type { Secrets } from '../secrets.js';
import type { DbOrTx } from '../db/transaction.js';
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

/** Opens the caller's hosted device through their live session's wrapped account key. */
export async function openHostedDevice(
  db: Db,
  auth: { userId: string; sessionId: string },
  secrets: Secrets,
): Promise<Device> {
  const [session] = await db
    .select({ wrapped: sessions.accountKeyByMaster })
    .from(sessions)
    .where(and(eq(sessions.id, auth.sessionId), isNull(sessions.revokedAt)));
  if (!session?.wrapped)
    throw new AppError('UNAUTHORIZED', 'Your session has ended; sign in again');
  const accountKey = unwrapAccountKeyWithMasterKey(
    session.wrapped,
    new Map([[secrets.masterKeyId, secrets.masterKey]]),
    { context: `session:${auth.sessionId}` },
  );
  return Device.load(hostedStore(db, auth.userId, accountKey));
}
