import { and, count, desc, eq, gt, gte, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { schema, type Db } from '@parley/db';
import type { Services } from '../context.js';
import { withContentKeys } from '../devices/hosted-content-keys.js';
import { openMessages, ZMessage } from '../messages/message-view.js';
import { publicUserColumns, toPublicUser, ZPublicUser } from '../profile/me.js';
import type { Membership } from './membership.js';

const { conversations, conversationMembers, messages, users } = schema;

const ZRole = z.enum(['owner', 'admin', 'member']);

export const ZConversation = z.object({
  id: z.string(),
  kind: z.enum(['direct', 'group']),
  title: z.string().nullable(),
  shareHistory: z.boolean(),
  /** The current epoch: SDK devices seal new messages under it. */
  epoch: z.number(),
  lastSeq: z.number(),
  createdAt: z.string(),
  lastActivityAt: z.string(),
  myRole: ZRole,
  members: z.array(
    z.object({
      user: ZPublicUser,
      role: ZRole,
      lastDeliveredSeq: z.number(),
      lastReadSeq: z.number(),
    }),
  ),
});

export const ZConversationSummary = z.object({
  id: z.string(),
  kind: z.enum(['direct', 'group']),
  title: z.string().nullable(),
  /** The other person of a direct conversation. */
  peer: ZPublicUser.nullable(),
  memberCount: z.number(),
  lastSeq: z.number(),
  lastReadSeq: z.number(),
  unreadCount: z.number(),
  lastActivityAt: z.string(),
  lastMessage: ZMessage.nullable(),
});

export type TConversation = z.infer<typeof ZConversation>;
export type TConversationSummary = z.infer<typeof ZConversationSummary>;

async function membersOf(db: Db, conversationIds: string[]) {
  if (conversationIds.length === 0) return [];
  return db
    .select({
      conversationId: conversationMembers.conversationId,
      role: conversationMembers.role,
      lastDeliveredSeq: conversationMembers.lastDeliveredSeq,
      lastReadSeq: conversationMembers.lastReadSeq,
      ...publicUserColumns,
    })
    .from(conversationMembers)
    .innerJoin(users, eq(users.id, conversationMembers.userId))
    .where(inArray(conversationMembers.conversationId, conversationIds));
}

export async function getConversation(db: Db, member: Membership): Promise<TConversation> {
  const [row] = await db
    .select()
    .from(conversations)
    .where(eq(conversations.id, member.conversationId));
  const members = await membersOf(db, [member.conversationId]);
  return {
    id: row!.id,
    kind: member.kind,
    title: row!.title,
    shareHistory: row!.shareHistory,
    epoch: row!.epoch,
    lastSeq: row!.lastSeq,
    createdAt: row!.createdAt.toISOString(),
    lastActivityAt: row!.lastActivityAt.toISOString(),
    myRole: member.role,
    members: members.map(
      ({ conversationId: _c, role, lastDeliveredSeq, lastReadSeq, ...user }) => ({
        user: toPublicUser(user),
        role: role as Membership['role'],
        lastDeliveredSeq,
        lastReadSeq,
      }),
    ),
  };
}

/** How many members each conversation has. */
async function memberCounts(db: Db, conversationIds: string[]) {
  const rows = await db
    .select({ id: conversationMembers.conversationId, n: count() })
    .from(conversationMembers)
    .where(inArray(conversationMembers.conversationId, conversationIds))
    .groupBy(conversationMembers.conversationId);
  return new Map(rows.map((r) => [r.id, r.n]));
}

/** Per conversation of the caller, how many messages they can see arrived after their last read. */
async function unreadCounts(db: Db, userId: string) {
  const rows = await db
    .select({ id: messages.conversationId, n: count() })
    .from(messages)
    .innerJoin(
      conversationMembers,
      and(
        eq(conversationMembers.conversationId, messages.conversationId),
        eq(conversationMembers.userId, userId),
      ),
    )
    .where(
      and(
        gte(messages.epoch, conversationMembers.joinedEpoch),
        gt(messages.seq, conversationMembers.lastReadSeq),
        or(isNull(messages.senderUserId), ne(messages.senderUserId, userId)),
      ),
    )
    .groupBy(messages.conversationId);
  return new Map(rows.map((r) => [r.id, r.n]));
}

/** The newest message the caller can see in each of their conversations: one index probe each. */
async function lastMessages(db: Db, userId: string) {
  const last = db
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.conversationId, conversationMembers.conversationId),
        gte(messages.epoch, conversationMembers.joinedEpoch),
      ),
    )
    .orderBy(desc(messages.seq))
    .limit(1)
    .as('last');
  const rows = await db
    .select()
    .from(conversationMembers)
    .innerJoinLateral(last, sql`true`)
    .where(eq(conversationMembers.userId, userId));
  return rows.map((r) => r.last);
}

/**
 * The caller's conversations, latest activity first, with unread counts and the last message: a
 * fixed number of queries and one opening of the hosted device, however many conversations.
 */
export async function listConversations(
  deps: Pick<Services, 'db' | 'config' | 'logger' | 'contentKeys'>,
  auth: { userId: string; sessionId: string },
): Promise<TConversationSummary[]> {
  const { db } = deps;
  const mine = await db
    .select({ conversation: conversations, lastReadSeq: conversationMembers.lastReadSeq })
    .from(conversationMembers)
    .innerJoin(conversations, eq(conversations.id, conversationMembers.conversationId))
    .where(eq(conversationMembers.userId, auth.userId))
    .orderBy(desc(conversations.lastActivityAt));
  if (mine.length === 0) return [];
  const ids = mine.map((m) => m.conversation.id);
  const directIds = mine
    .filter((m) => m.conversation.kind === 'direct')
    .map((m) => m.conversation.id);
  const [counts, unread, peers, lastRows] = await Promise.all([
    memberCounts(db, ids),
    unreadCounts(db, auth.userId),
    directIds.length > 0 ? membersOf(db, directIds) : [],
    lastMessages(db, auth.userId),
  ]);
  const opened = await withContentKeys(deps, auth, (device, tx) =>
    openMessages(tx, device, lastRows, deps, auth),
  );
  const lastOf = new Map(opened.map((m) => [m.conversationId, m]));
  return mine.map(({ conversation, lastReadSeq }) => {
    const peer = peers.find((m) => m.conversationId === conversation.id && m.id !== auth.userId);
    return {
      id: conversation.id,
      kind: conversation.kind as TConversationSummary['kind'],
      title: conversation.title,
      peer: peer ? toPublicUser(peer) : null,
      memberCount: counts.get(conversation.id) ?? 0,
      lastSeq: conversation.lastSeq,
      lastReadSeq,
      unreadCount: unread.get(conversation.id) ?? 0,
      lastActivityAt: conversation.lastActivityAt.toISOString(),
      lastMessage: lastOf.get(conversation.id) ?? null,
    };
  });
}
