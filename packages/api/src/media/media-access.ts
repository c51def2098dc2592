import { and, eq, exists, or } from 'drizzle-orm';
import { schema } from '@parley/db';
import type { DbOrTx } from '../db/transaction.js';

const { media, messageMedia, conversationMembers } = schema;

/**
 * The stored object, if `userId` may fetch it: its uploader, or a current member of a conversation
 * where a message carries it. Anyone else gets the same answer as for a missing id (null).
 */
export async function accessibleMedia(db: DbOrTx, mediaId: string, userId: string) {
  const [row] = await db
    .select({
      storageKey: media.storageKey,
      encryptedSize: media.encryptedSize,
    })
    .from(media)
    .where(
      and(
        eq(media.id, mediaId),
        or(
          eq(media.ownerUserId, userId),
          exists(
            db
              .select({ one: messageMedia.mediaId })
              .from(messageMedia)
              .innerJoin(
                conversationMembers,
                and(
                  eq(conversationMembers.conversationId, messageMedia.conversationId),
                  eq(conversationMembers.userId, userId),
                ),
              )
              .where(eq(messageMedia.mediaId, media.id)),
          ),
        ),
      ),
    );
  return row ?? null;
}
