import { and, eq, sql } from 'drizzle-orm';
import { schema, type Db } from '@parley/db';
import type { Membership } from '../conversations/membership.js';
import { memberIdsOf } from '../conversations/membership.js';
import { recordEvents } from '../events/record-events.js';

const { conversations, conversationMembers } = schema;

/** Moves the caller's read marker forward (never back, never past the last message). */
export async function markRead(db: Db, userId: string, member: Membership, seq: number) {
  const { conversationId } = member;
  await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(conversationMembers)
      .set({
        lastReadSeq: sql`least(greatest(${conversationMembers.lastReadSeq}, ${seq}), (select ${conversations.lastSeq} from ${conversations} where ${conversations.id} = ${conversationId}))`,
      })
      .where(
        and(
          eq(conversationMembers.conversationId, conversationId),
          eq(conversationMembers.userId, userId),
        ),
      )
      .returning({ lastReadSeq: conversationMembers.lastReadSeq });
    if (!updated || updated.lastReadSeq === member.lastReadSeq) return;
    await recordEvents(
      tx,
      (await memberIdsOf(tx, conversationId)).map((to) => ({
        userId: to,
        event: {
          type: 'conversation.read',
          conversationId,
          userId,
          lastReadSeq: updated.lastReadSeq,
        },
      })),
    );
  });
}
