import { and, count, desc, eq, gt, gte, inArray, ne, or, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { schema, type Db } from '@parley/db';
import type { Services } from '../context.js';
import { withHostedDevice } from '../devices/hosted-device.js';
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

/** The caller's conversations, latest activity first, with unread counts and the last message. */
export async function listConversations(
  deps: Pick<Services, 'db' | 'config' | 'logger'>,
  auth: { userId: string; sessionId: string },
): Promise<TConversationSummary[]> {
  const { db } = deps;
  const mine = await db
    .select({
      conversation: conversations,
      lastReadSeq: conversationMembers.lastReadSeq,
      joinedEpoch: conversationMembers.joinedEpoch,
    })
    .from(conversationMembers)
    .innerJoin(conversations, eq(conversations.id, conversationMembers.conversationId))
    .where(eq(conversationMembers.userId, auth.userId))
    .orderBy(desc(conversations.lastActivityAt));
  const ids = mine.map((m) => m.conversation.id);
  const members = await membersOf(db, ids);

  return withHostedDevice(deps, auth, async (device, tx) => {
    const summaries: TConversationSummary[] = [];
    for (const { conversation, lastReadSeq, joinedEpoch } of mine) {
      const visible = and(
        eq(messages.conversationId, conversation.id),
        gte(messages.epoch, joinedEpoch),
      );
      const [unread] = await tx
        .select({ n: count() })
        .from(messages)
        .where(
          and(
            visible,
            gt(messages.seq, lastReadSeq),
            or(isNull(messages.senderUserId), ne(messages.senderUserId, auth.userId)),
          ),
        );
      const [last] = await tx
        .select()
        .from(messages)
        .where(visible)
        .orderBy(desc(messages.seq))
        .limit(1);
      const inThis = members.filter((m) => m.conversationId === conversation.id);
      const peer =
        conversation.kind === 'direct' ? inThis.find((m) => m.id !== auth.userId) : undefined;
      summaries.push({
        id: conversation.id,
        kind: conversation.kind as TConversationSummary['kind'],
        title: conversation.title,
        peer: peer ? toPublicUser(peer) : null,
        memberCount: inThis.length,
        lastSeq: conversation.lastSeq,
        lastReadSeq,
        unreadCount: unread?.n ?? 0,
        lastActivityAt: conversation.lastActivityAt.toISOString(),
        lastMessage: last ? (await openMessages(tx, device, [last], deps, auth))[0]! : null,
      });
    }
    return summaries;
  });
}
