import type { Device } from '@parley/crypto';
import { z } from 'zod';
import type { MessageRow } from '@parley/db/schema';
import type { Tx } from '../db/transaction.js';
import type { Logger } from '../logger.js';
import { decodeContent } from './message-content.js';
import { openReactions, ZReactions } from './reactions.js';
import { identityKeyOf } from './sender-identity.js';

export const ZMessage = z.object({
  id: z.string(),
  conversationId: z.string(),
  seq: z.number(),
  senderId: z.string().nullable(),
  senderDeviceId: z.number(),
  clientMessageId: z.string(),
  /** Null when deleted, or when this device cannot open it (e.g. sent before it joined). */
  text: z.string().nullable(),
  replyToId: z.string().nullable(),
  /** Who reacted with what, in first-reacted order. */
  reactions: ZReactions,
  createdAt: z.string(),
  editedAt: z.string().nullable(),
  deletedAt: z.string().nullable(),
});

export type TMessage = z.infer<typeof ZMessage>;

/**
 * Opens stored messages with a device that holds their epoch keys: each signature is checked against
 * the sender device's identity key from the directory. One that fails to open is shown without text
 * (and logged) rather than failing the whole page.
 */
export async function openMessages(
  tx: Tx,
  device: Device,
  rows: MessageRow[],
  logger: Logger,
): Promise<TMessage[]> {
  const identities = new Map<string, Uint8Array | undefined>();
  const identityOf = async (userId: string, deviceId: number) => {
    const key = `${userId}.${deviceId}`;
    if (!identities.has(key)) identities.set(key, await identityKeyOf(tx, { userId, deviceId }));
    return identities.get(key);
  };
  const reactions = await openReactions(tx, device, rows, logger);
  const out: TMessage[] = [];
  for (const row of rows) {
    let content: ReturnType<typeof decodeContent> | null = null;
    const identity = row.senderUserId && (await identityOf(row.senderUserId, row.senderDeviceId));
    if (row.sealed && row.senderUserId && identity) {
      const context = {
        conversationId: row.conversationId,
        epoch: row.epoch,
        senderDevice: { userId: row.senderUserId, deviceId: row.senderDeviceId },
        clientMessageId: row.clientMessageId,
      };
      try {
        content = decodeContent(await device.open(row.sealed, context, identity));
      } catch (error) {
        logger.warn({ err: error, messageId: row.id }, 'message could not be opened');
      }
    }
    out.push({
      id: row.id,
      conversationId: row.conversationId,
      seq: row.seq,
      senderId: row.senderUserId,
      senderDeviceId: row.senderDeviceId,
      clientMessageId: row.clientMessageId,
      text: content?.text ?? null,
      reactions: row.deletedAt ? [] : (reactions.get(row.id) ?? []),
      replyToId: content?.replyToId ?? null,
      createdAt: row.createdAt.toISOString(),
      editedAt: row.editedAt?.toISOString() ?? null,
      deletedAt: row.deletedAt?.toISOString() ?? null,
    });
  }
  return out;
}
