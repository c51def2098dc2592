import type { DbOrTx } from '../db/transaction.js';
import { AppError } from '../errors.js';
import { memberIdsOf } from '../conversations/membership.js';

/**
 * The mentioned user ids, each once, after checking every one is a current member: a mention
 * notifies, so it must not reach, or reveal, anyone outside the conversation.
 */
export async function checkMentions(
  db: DbOrTx,
  conversationId: string,
  mentions: readonly string[],
): Promise<string[]> {
  if (mentions.length === 0) return [];
  const members = new Set(await memberIdsOf(db, conversationId));
  const outsider = mentions.findIndex((userId) => !members.has(userId));
  if (outsider >= 0) {
    throw new AppError('BAD_REQUEST', 'Not a member of this conversation', `mentions.${outsider}`);
  }
  return [...new Set(mentions)];
}
