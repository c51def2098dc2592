import { and, eq, inArray, or } from 'drizzle-orm';
import { z } from 'zod';
import { schema } from '@parley/db';
import type { MessageRow } from '@parley/db/schema';
import type { DbOrTx } from '../db/transaction.js';
import { toBase64 } from '../devices/key-schemas.js';
import { rowFields, ZMessage } from './message-view.js';

const { devices, reactions } = schema;

/**
 * A message as stored, for an SDK device to open itself: the sealed content (base64) with the
 * context it is bound to (conversation, epoch, sender device, clientMessageId), and each member's
 * sealed reaction set (context `reaction:<messageId>` under the message's epoch).
 */
const ZSealedMessage = ZMessage.pick({
  id: true,
  conversationId: true,
  seq: true,
  senderId: true,
  senderDeviceId: true,
  clientMessageId: true,
  createdAt: true,
  editedAt: true,
  deletedAt: true,
}).extend({
  epoch: z.number(),
  /** Null once deleted. */
  sealed: z.string().nullable(),
  reactions: z.array(
    z.object({ userId: z.string(), senderDeviceId: z.number(), sealed: z.string() }),
  ),
});

/** The directory's identity keys of the devices that sealed what a page holds. */
export const ZIdentityKeys = z.array(
  z.object({ userId: z.string(), deviceId: z.number(), identityKey: z.string() }),
);

export const ZSealedPage = z.object({
  messages: z.array(ZSealedMessage),
  identityKeys: ZIdentityKeys,
});

export type TSealedPage = z.infer<typeof ZSealedPage>;

export async function sealedPage(db: DbOrTx, rows: MessageRow[]): Promise<TSealedPage> {
  const ids = rows.map((row) => row.id);
  const reactionRows = ids.length
    ? await db
        .select()
        .from(reactions)
        .where(inArray(reactions.messageId, ids))
        .orderBy(reactions.updatedAt)
    : [];
  const signers = new Map<string, { userId: string; deviceId: number }>();
  for (const { userId, deviceId } of [
    ...rows.flatMap((r) =>
      r.senderUserId ? [{ userId: r.senderUserId, deviceId: r.senderDeviceId }] : [],
    ),
    ...reactionRows.map((r) => ({ userId: r.userId, deviceId: r.senderDeviceId })),
  ]) {
    signers.set(`${userId}.${deviceId}`, { userId, deviceId });
  }
  const identityKeys = signers.size
    ? await db
        .select({
          userId: devices.userId,
          deviceId: devices.deviceId,
          identityKey: devices.identityKey,
        })
        .from(devices)
        .where(
          or(
            ...[...signers.values()].map((s) =>
              and(eq(devices.userId, s.userId), eq(devices.deviceId, s.deviceId)),
            ),
          ),
        )
    : [];
  return {
    messages: rows.map((row) => ({
      ...rowFields(row),
      epoch: row.epoch,
      sealed: row.sealed && toBase64(row.sealed),
      reactions: row.deletedAt
        ? []
        : reactionRows
            .filter((r) => r.messageId === row.id)
            .map((r) => ({
              userId: r.userId,
              senderDeviceId: r.senderDeviceId,
              sealed: toBase64(r.sealed),
            })),
    })),
    identityKeys: identityKeys.map((k) => ({ ...k, identityKey: toBase64(k.identityKey) })),
  };
}
