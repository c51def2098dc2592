import { schema } from '@parley/db';
import type { Membership } from '../conversations/membership.js';
import type { Db } from '@parley/db';
import { readableMessage } from './readable-message.js';

const { voicePlays } = schema;

/**
 * Records that the caller played a voice message of a conversation they read (played/unplayed is per
 * listener). The first play is kept; a message they cannot see is NOT_FOUND.
 */
export async function markPlayed(db: Db, userId: string, member: Membership, messageId: string) {
  await readableMessage(db, member, messageId);
  await db.insert(voicePlays).values({ userId, messageId }).onConflictDoNothing();
}
