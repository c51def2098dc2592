import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import { schema, type Db } from '@parley/db';
import { AppError } from '../errors.js';
import { recordEvents } from '../events/record-events.js';
import { ownDevice } from './key-directory.js';
import { toBase64 } from './key-schemas.js';

const { devices, deviceInbox } = schema;

export interface OutgoingEnvelope {
  to: { userId: string; deviceId: number };
  envelope: Uint8Array;
}

/**
 * Queues pairwise envelopes from one of the caller's devices. All or nothing: an unknown recipient
 * device refuses the whole batch. Each recipient user gets one live `inbox.received` event per device.
 */
export async function sendEnvelopes(
  db: Db,
  sender: { userId: string; deviceId: number },
  outgoing: OutgoingEnvelope[],
): Promise<void> {
  await ownDevice(db, sender.userId, sender.deviceId);
  await db.transaction(async (tx) => {
    const rows = [];
    for (const [i, item] of outgoing.entries()) {
      const [recipient] = await tx
        .select({ id: devices.id })
        .from(devices)
        .where(and(eq(devices.userId, item.to.userId), eq(devices.deviceId, item.to.deviceId)));
      if (!recipient)
        throw new AppError('NOT_FOUND', 'No such recipient device', `envelopes.${i}.to`);
      rows.push({
        recipientRef: recipient.id,
        senderUserId: sender.userId,
        senderDeviceId: sender.deviceId,
        envelope: item.envelope,
      });
    }
    if (rows.length === 0) return;
    await tx.insert(deviceInbox).values(rows);
    const notified = new Map(outgoing.map((o) => [`${o.to.userId}.${o.to.deviceId}`, o.to]));
    await recordEvents(
      tx,
      [...notified.values()].map((to) => ({
        userId: to.userId,
        event: { type: 'inbox.received', deviceId: to.deviceId },
      })),
    );
  });
}

/** Envelopes waiting for one of the caller's devices, oldest first. */
export async function fetchInbox(
  db: Db,
  userId: string,
  deviceId: number,
  options: { afterId?: number; limit: number },
) {
  const device = await ownDevice(db, userId, deviceId);
  const rows = await db
    .select()
    .from(deviceInbox)
    .where(and(eq(deviceInbox.recipientRef, device.id), gt(deviceInbox.id, options.afterId ?? 0)))
    .orderBy(asc(deviceInbox.id))
    .limit(options.limit);
  return rows.map((r) => ({
    id: r.id,
    from: { userId: r.senderUserId, deviceId: r.senderDeviceId },
    envelope: toBase64(r.envelope),
    sentAt: r.createdAt.toISOString(),
  }));
}

/** Deletes acknowledged envelopes; ids not in this device's inbox are ignored. */
export async function acknowledgeInbox(db: Db, userId: string, deviceId: number, ids: number[]) {
  const device = await ownDevice(db, userId, deviceId);
  if (ids.length === 0) return;
  await db
    .delete(deviceInbox)
    .where(and(eq(deviceInbox.recipientRef, device.id), inArray(deviceInbox.id, ids)));
}
