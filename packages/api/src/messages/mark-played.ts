import { and, eq, gte, isNull } from 'drizzle-orm';
import { schema } from '@parley/db';
import type { Membership } from '../conversations/membership.js';
import type { Db } from '@parley/db';
import { AppError } from '../errors.js';

const { messages, voicePlays } = schema;

/**
 * Records that the caller played a voice message of a conversation they read (played/unplayed is per
 * listener). The first play is kept; a message they cannot see is NOT_FOUND.
 */
export async function markPlayed(db: Db, userId: string, member: Membership, messageId: string) {
  const [row] = await db
    .select({ id: messages.id })
    .from(messages)
    .where(
      and(
        eq(messages.id, messageId),
        eq(messages.conversationId, member.conversationId),
        gte(messages.epoch, member.joinedEpoch),
        isNull(messages.deletedAt),
      ),
    );
  if (!row) throw new AppError('NOT_FOUND', 'No such message', 'messageId');
  await db.insert(voicePlays).values({ userId, messageId }).onConflictDoNothing();
}
