import { and, eq, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { schema, type Db } from '@parley/db';
import type { Membership } from '../conversations/membership.js';
import { memberIdsOf } from '../conversations/membership.js';
import type { TEvent } from '../events/event-types.js';
import { recordEvents } from '../events/record-events.js';

const { conversations, conversationMembers } = schema;

/**
 * Moves the caller's receipt markers forward (never back, never past the last message): `read`
 * also counts as delivered. Members are told only when a marker moved.
 */
export async function advanceReceipt(
  db: Db,
  userId: string,
  member: Membership,
  receipt: 'delivered' | 'read',
  seq: number,
) {
  const { conversationId } = member;
  const lastSeq = sql`(select ${conversations.lastSeq} from ${conversations} where ${conversations.id} = ${conversationId})`;
  const raise = (column: AnyPgColumn) => sql`least(greatest(${column}, ${seq}), ${lastSeq})`;
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select({
        read: conversationMembers.lastReadSeq,
        delivered: conversationMembers.lastDeliveredSeq,
      })
      .from(conversationMembers)
      .where(
        and(
          eq(conversationMembers.conversationId, conversationId),
          eq(conversationMembers.userId, userId),
        ),
      )
      .for('update');
    const [after] = await tx
      .update(conversationMembers)
      .set({
        lastDeliveredSeq: raise(conversationMembers.lastDeliveredSeq),
        ...(receipt === 'read' ? { lastReadSeq: raise(conversationMembers.lastReadSeq) } : {}),
      })
      .where(
        and(
          eq(conversationMembers.conversationId, conversationId),
          eq(conversationMembers.userId, userId),
        ),
      )
      .returning({
        read: conversationMembers.lastReadSeq,
        delivered: conversationMembers.lastDeliveredSeq,
      });
    if (!before || !after) return;
    const members = await memberIdsOf(tx, conversationId);
    const events: TEvent[] = [];
    if (after.delivered !== before.delivered) {
      events.push({
        type: 'conversation.delivered' as const,
        conversationId,
        userId,
        lastDeliveredSeq: after.delivered,
      });
    }
    if (after.read !== before.read) {
      events.push({
        type: 'conversation.read' as const,
        conversationId,
        userId,
        lastReadSeq: after.read,
      });
    }
    await recordEvents(
      tx,
      members.flatMap((to) => events.map((event) => ({ userId: to, event }))),
    );
  });
}
