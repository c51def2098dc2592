import { isCryptoError, type Device } from '@parley/crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { schema } from '@parley/db';
import type { DeviceRow } from '@parley/db/schema';
import type { Tx } from '../db/transaction.js';
import { devicesOf, fetchDeviceBundle } from '../devices/key-directory.js';
import type { Logger } from '../logger.js';

const { conversations, conversationMembers, epochKeyEnvelopes } = schema;

type Ref = { conversationId: string; epoch: number };

/**
 * Delivers an epoch key from `device` to the `targets` (every device of the members, hosted and SDK
 * alike): a fresh key for a new epoch (`new`), or one the device already holds (`share`, for members
 * who may read history, or a user's new device). A device that cannot be reached (no keys
 * published) is logged and skipped rather than blocking the conversation.
 */
async function deliver(
  tx: Tx,
  device: Device,
  mode: 'new' | 'share',
  ref: Ref,
  targets: DeviceRow[],
  logger: Logger,
): Promise<void> {
  const members = targets.map((target) => ({
    address: { userId: target.userId, deviceId: target.deviceId },
    fetchBundle: () => fetchDeviceBundle(tx, target),
  }));
  const result =
    mode === 'new' ? await device.newEpoch(ref, members) : await device.shareEpoch(ref, members);
  for (const failure of result.failures) {
    logger.warn({ to: failure.to, err: failure.error, ...ref }, 'epoch key not delivered');
  }
  if (result.envelopes.length === 0) return;
  await tx.insert(epochKeyEnvelopes).values(
    result.envelopes.map(({ to, envelope }) => ({
      ...ref,
      recipientUserId: to.userId,
      recipientDeviceId: to.deviceId,
      senderUserId: device.address.userId,
      senderDeviceId: device.address.deviceId,
      envelope,
    })),
  );
}

/** Makes the key of a new epoch on `device` for the members; devices left out never get it. */
export async function startEpoch(
  tx: Tx,
  device: Device,
  ref: Ref,
  memberIds: string[],
  logger: Logger,
) {
  return deliver(tx, device, 'new', ref, await devicesOf(tx, memberIds), logger);
}

/** Sends keys of earlier epochs that `device` holds to new members of a group that shares history. */
export async function shareEpochs(
  tx: Tx,
  device: Device,
  refs: Ref[],
  memberIds: string[],
  logger: Logger,
): Promise<void> {
  const targets = await devicesOf(tx, memberIds);
  for (const ref of refs) await deliver(tx, device, 'share', ref, targets, logger);
}

/**
 * Gives another device of the same user every epoch key the hosted device holds of the epochs the
 * user may read (in one conversation, or in all), so it reads what the user's browser reads: a new
 * device, or one whose envelope never came. Epochs the hosted device never received are skipped.
 */
export async function shareHeldEpochs(
  tx: Tx,
  hosted: Device,
  target: DeviceRow,
  logger: Logger,
  conversationId?: string,
): Promise<void> {
  const memberships = await tx
    .select({
      conversationId: conversationMembers.conversationId,
      joinedEpoch: conversationMembers.joinedEpoch,
      epoch: conversations.epoch,
    })
    .from(conversationMembers)
    .innerJoin(conversations, eq(conversations.id, conversationMembers.conversationId))
    .where(
      and(
        eq(conversationMembers.userId, target.userId),
        conversationId ? eq(conversationMembers.conversationId, conversationId) : undefined,
      ),
    );
  for (const membership of memberships) {
    for (let e = membership.joinedEpoch; e <= membership.epoch; e++) {
      const ref = { conversationId: membership.conversationId, epoch: e };
      const held = await hosted.epochKey(ref).catch((error: unknown) => {
        if (isCryptoError(error, 'NO_EPOCH_KEY')) return null;
        throw error;
      });
      if (held) await deliver(tx, hosted, 'share', ref, [target], logger);
    }
  }
}

/**
 * Stores every epoch key waiting for `device`, oldest first, and removes the envelopes. One that
 * cannot be decrypted is dropped with a warning: it would fail the same way on every later try.
 */
export async function receiveEpochKeys(tx: Tx, device: Device, logger: Logger): Promise<void> {
  const { userId, deviceId } = device.address;
  const waiting = await tx
    .select()
    .from(epochKeyEnvelopes)
    .where(
      and(
        eq(epochKeyEnvelopes.recipientUserId, userId),
        eq(epochKeyEnvelopes.recipientDeviceId, deviceId),
      ),
    )
    .orderBy(asc(epochKeyEnvelopes.id));
  if (waiting.length === 0) return;
  for (const row of waiting) {
    const from = { userId: row.senderUserId, deviceId: row.senderDeviceId };
    const ref = { conversationId: row.conversationId, epoch: row.epoch };
    await device.receiveEpochKey(from, row.envelope, ref).catch((error: unknown) => {
      logger.warn({ err: error, from, ...ref }, 'epoch key envelope dropped');
    });
  }
  await tx.delete(epochKeyEnvelopes).where(
    inArray(
      epochKeyEnvelopes.id,
      waiting.map((row) => row.id),
    ),
  );
}
