import { and, eq } from 'drizzle-orm';
import { schema } from '@parley/db';
import type { DbOrTx } from '../db/transaction.js';
import { AppError } from '../errors.js';

const { conversations, conversationMembers } = schema;

export type Role = 'owner' | 'admin' | 'member';

export interface Membership {
  conversationId: string;
  kind: 'direct' | 'group';
  role: Role;
  joinedEpoch: number;
  epoch: number;
  lastReadSeq: number;
}

/** The same answer for a conversation that does not exist and one the caller is not in. */
export const noSuchConversation = () =>
  new AppError('NOT_FOUND', 'No such conversation', 'conversationId');

/** The caller's membership of a conversation, or NOT_FOUND. */
export async function loadMembership(
  db: DbOrTx,
  conversationId: string,
  userId: string,
): Promise<Membership> {
  const [row] = await db
    .select({
      kind: conversations.kind,
      epoch: conversations.epoch,
      role: conversationMembers.role,
      joinedEpoch: conversationMembers.joinedEpoch,
      lastReadSeq: conversationMembers.lastReadSeq,
    })
    .from(conversationMembers)
    .innerJoin(conversations, eq(conversations.id, conversationMembers.conversationId))
    .where(
      and(
        eq(conversationMembers.conversationId, conversationId),
        eq(conversationMembers.userId, userId),
      ),
    );
  if (!row) throw noSuchConversation();
  return { conversationId, ...row, kind: row.kind as Membership['kind'], role: row.role as Role };
}

export async function memberIdsOf(db: DbOrTx, conversationId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: conversationMembers.userId })
    .from(conversationMembers)
    .where(eq(conversationMembers.conversationId, conversationId));
  return rows.map((r) => r.userId);
}
