import type { PublishedKeys } from '@parley/crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { schema, type Db } from '@parley/db';
import type { DbOrTx } from '../db/transaction.js';
import type { Services } from '../context.js';
import { shareHeldEpochs } from '../conversations/epoch-keys.js';
import { loadMembership } from '../conversations/membership.js';
import { AppError } from '../errors.js';
import { withHostedDevice } from './hosted-device.js';
import { HOSTED_DEVICE_ID, ownDevice, registerDevice } from './key-directory.js';
import { toBase64 } from './key-schemas.js';

const { epochKeyEnvelopes } = schema;

/**
 * Registers an SDK device of the caller and, in the same transaction, has their hosted device send
 * it the keys of every epoch the user may read, so it reads what their browser reads from the start.
 */
export async function registerSdkDevice(
  services: Pick<Services, 'db' | 'config' | 'logger'>,
  auth: { userId: string; sessionId: string },
  input: { name: string; keys: PublishedKeys },
): Promise<void> {
  await withHostedDevice(services, auth, async (hosted, tx) => {
    await registerDevice(tx, auth.userId, { kind: 'sdk', ...input });
    const target = await ownDevice(tx, auth.userId, input.keys.address.deviceId);
    await shareHeldEpochs(tx, hosted, target, services.logger);
  });
}

/** One of the caller's SDK devices; the hosted device takes its epoch keys on the server. */
async function ownSdkDevice(db: DbOrTx, userId: string, deviceId: number) {
  if (deviceId === HOSTED_DEVICE_ID) {
    throw new AppError(
      'BAD_REQUEST',
      'The hosted device takes its epoch keys on the server',
      'deviceId',
    );
  }
  return ownDevice(db, userId, deviceId);
}

/**
 * Has the caller's hosted device send one of their SDK devices again the keys it holds of the
 * epochs of a conversation they may read: for an envelope that never came (the device was
 * registered while an epoch was being started, or one was dropped).
 */
export async function resendEpochKeys(
  services: Pick<Services, 'db' | 'config' | 'logger'>,
  auth: { userId: string; sessionId: string },
  input: { deviceId: number; conversationId: string },
): Promise<void> {
  await withHostedDevice(services, auth, async (hosted, tx) => {
    await loadMembership(tx, input.conversationId, auth.userId);
    const target = await ownSdkDevice(tx, auth.userId, input.deviceId);
    await shareHeldEpochs(tx, hosted, target, services.logger, input.conversationId);
  });
}

const addressedTo = (userId: string, deviceId: number) =>
  and(
    eq(epochKeyEnvelopes.recipientUserId, userId),
    eq(epochKeyEnvelopes.recipientDeviceId, deviceId),
  );

/** Epoch keys waiting for one of the caller's SDK devices, oldest first (Signal order matters). */
export async function fetchEpochKeys(db: Db, userId: string, deviceId: number, limit: number) {
  await ownSdkDevice(db, userId, deviceId);
  const rows = await db
    .select()
    .from(epochKeyEnvelopes)
    .where(addressedTo(userId, deviceId))
    .orderBy(asc(epochKeyEnvelopes.id))
    .limit(limit);
  return rows.map((row) => ({
    id: row.id,
    conversationId: row.conversationId,
    epoch: row.epoch,
    from: { userId: row.senderUserId, deviceId: row.senderDeviceId },
    envelope: toBase64(row.envelope),
  }));
}

/** Deletes epoch-key envelopes the device has stored; ids not addressed to it are ignored. */
export async function acknowledgeEpochKeys(
  db: Db,
  userId: string,
  deviceId: number,
  ids: number[],
) {
  await ownSdkDevice(db, userId, deviceId);
  if (ids.length === 0) return;
  await db
    .delete(epochKeyEnvelopes)
    .where(and(addressedTo(userId, deviceId), inArray(epochKeyEnvelopes.id, ids)));
}
