import { and, eq, gte, isNull } from 'drizzle-orm';
import { schema } from '@parley/db';
import type { Membership } from '../conversations/membership.js';
import type { DbOrTx } from '../db/transaction.js';
import { AppError } from '../errors.js';

const { messages } = schema;

export type ReadableMessage = { id: string; conversationId: string; epoch: number; seq: number };

/** A message the member may read (from their joining epoch on, not deleted), or NOT_FOUND. */
export async function readableMessage(
  db: DbOrTx,
  member: Membership,
  messageId: string,
): Promise<ReadableMessage> {
  const [message] = await db
    .select({
      id: messages.id,
      conversationId: messages.conversationId,
      epoch: messages.epoch,
      seq: messages.seq,
    })
    .from(messages)
    .where(
      and(
        eq(messages.id, messageId),
        eq(messages.conversationId, member.conversationId),
        gte(messages.epoch, member.joinedEpoch),
        isNull(messages.deletedAt),
      ),
    );
  if (!message) throw new AppError('NOT_FOUND', 'No such message', 'messageId');
  return message;
}
