import { and, eq, inArray, isNull } from 'drizzle-orm';
import { schema } from '@parley/db';
import type { Tx } from '../db/transaction.js';
import { AppError } from '../errors.js';
import { fileRefsOf, type TAttachment } from './attachment.js';
import { sanitizeFileName } from './file-name.js';

const { media, messageMedia } = schema;

/** Names as the sender's client gave them back, made safe again: they are shown to everyone. */
export function withSafeNames(attachments: TAttachment[]): TAttachment[] {
  return attachments.map((a) => ({ ...a, name: sanitizeFileName(a.name) }));
}

/**
 * Links a new message to the media it carries, in the send's transaction: every object named (main,
 * thumbnail, rendition) must be the sender's own upload, encrypted by the server and of the size the
 * reference says; otherwise nothing is sent. Marks them attached, so the orphan sweep leaves them.
 */
export async function attachMedia(
  tx: Tx,
  senderId: string,
  message: { id: string; conversationId: string },
  attachments: TAttachment[],
): Promise<void> {
  const refs = attachments.flatMap(fileRefsOf);
  if (refs.length === 0) return;
  const ids = [...new Set(refs.map((ref) => ref.mediaId))];
  // Locked, so a concurrent orphan sweep waits for this send and then sees the rows attached.
  const owned = await tx
    .select({ id: media.id, size: media.size })
    .from(media)
    .where(
      and(inArray(media.id, ids), eq(media.ownerUserId, senderId), eq(media.encryptedBy, 'server')),
    )
    .for('update');
  const sizes = new Map(owned.map((row) => [row.id, row.size]));
  attachments.forEach((attachment, index) => {
    for (const ref of fileRefsOf(attachment)) {
      if (sizes.get(ref.mediaId) !== ref.size) {
        throw new AppError('NOT_FOUND', 'No such upload of yours', `attachments.${index}`);
      }
    }
  });
  await linkMedia(tx, message, ids);
}

/** Records that a message carries these (checked) media and marks them attached. */
export async function linkMedia(
  tx: Tx,
  message: { id: string; conversationId: string },
  ids: string[],
): Promise<void> {
  await tx.insert(messageMedia).values(
    ids.map((mediaId) => ({
      messageId: message.id,
      mediaId,
      conversationId: message.conversationId,
    })),
  );
  await tx
    .update(media)
    .set({ attachedAt: new Date() })
    .where(and(inArray(media.id, ids), isNull(media.attachedAt)));
}
