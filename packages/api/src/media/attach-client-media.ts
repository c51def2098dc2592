import { and, eq, inArray } from 'drizzle-orm';
import { schema } from '@parley/db';
import type { Tx } from '../db/transaction.js';
import { AppError } from '../errors.js';
import { linkMedia } from './attach-media.js';

const { media } = schema;

/**
 * Links a sealed message to the media its SDK device encrypted and uploaded itself. The server cannot
 * read the references inside the content, so the client names the ids beside it; each must be the
 * sender's own client-encrypted upload, or nothing is sent. Members may then download them.
 */
export async function attachClientMedia(
  tx: Tx,
  senderId: string,
  message: { id: string; conversationId: string },
  mediaIds: string[],
): Promise<void> {
  const ids = [...new Set(mediaIds)];
  if (ids.length === 0) return;
  // Locked, so a concurrent orphan sweep waits for this send and then sees the rows attached.
  const owned = await tx
    .select({ id: media.id })
    .from(media)
    .where(
      and(inArray(media.id, ids), eq(media.ownerUserId, senderId), eq(media.encryptedBy, 'client')),
    )
    .for('update');
  const found = new Set(owned.map((row) => row.id));
  const missing = mediaIds.findIndex((id) => !found.has(id));
  if (missing >= 0)
    throw new AppError('NOT_FOUND', 'No such upload of yours', `mediaIds.${missing}`);
  await linkMedia(tx, message, ids);
}
