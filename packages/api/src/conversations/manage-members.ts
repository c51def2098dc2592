import type { Device } from '@parley/crypto';
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import { schema } from '@parley/db';
import type { Services } from '../context.js';
import type { Tx } from '../db/transaction.js';
import { withHostedDevice } from '../devices/hosted-device.js';
import { AppError } from '../errors.js';
import { recordEvents } from '../events/record-events.js';
import type { TEvent } from '../events/event-types.js';
import { MAX_GROUP_MEMBERS } from './create-conversation.js';
import { shareEpochs, startEpoch } from './epoch-keys.js';
import { memberIdsOf, type Membership, type Role } from './membership.js';

const { users, conversations, conversationMembers } = schema;

type Deps = Pick<Services, 'db' | 'config' | 'logger'>;
type Auth = { userId: string; sessionId: string };

const forbidden = (message: string) => new AppError('FORBIDDEN', message);

function requireGroup(member: Membership) {
  if (member.kind !== 'group')
    throw new AppError('BAD_REQUEST', 'Only groups have members to manage');
}

function requireAdmin(member: Membership) {
  requireGroup(member);
  if (member.role === 'member') throw forbidden('Only the owner and admins can do that');
}

/** Tells every current member the conversation changed (and `extra` users what concerns them). */
async function announce(
  tx: Tx,
  conversationId: string,
  extra: { userId: string; event: TEvent }[] = [],
) {
  const members = await memberIdsOf(tx, conversationId);
  await recordEvents(tx, [
    ...members.map((userId) => ({
      userId,
      event: { type: 'conversation.updated' as const, conversationId },
    })),
    ...extra,
  ]);
}

/**
 * Starts the next epoch for the current members, keyed by the actor's hosted device: a membership
 * change always does, so a removed member never holds the key of anything sent after.
 */
async function nextEpoch(tx: Tx, deps: Deps, device: Device, conversationId: string) {
  const [row] = await tx
    .update(conversations)
    .set({ epoch: sql`${conversations.epoch} + 1`, lastActivityAt: new Date() })
    .where(eq(conversations.id, conversationId))
    .returning({ epoch: conversations.epoch });
  await startEpoch(
    tx,
    device,
    { conversationId, epoch: row!.epoch },
    await memberIdsOf(tx, conversationId),
    deps.logger,
  );
  return row!.epoch;
}

export async function addMembers(deps: Deps, auth: Auth, member: Membership, usernames: string[]) {
  requireAdmin(member);
  const { conversationId } = member;
  await withHostedDevice(deps, auth, async (device, tx) => {
    const found = await tx
      .select({ id: users.id, username: users.username })
      .from(users)
      .where(inArray(users.username, usernames));
    const missing = usernames.findIndex((name) => !found.some((u) => u.username === name));
    if (missing >= 0) {
      throw new AppError(
        'BAD_REQUEST',
        `No one has the username ${usernames[missing]}`,
        `usernames.${missing}`,
      );
    }
    const current = new Set(await memberIdsOf(tx, conversationId));
    const added = found.filter((u) => !current.has(u.id));
    if (current.size + added.length > MAX_GROUP_MEMBERS) {
      throw new AppError(
        'BAD_REQUEST',
        `A group has at most ${MAX_GROUP_MEMBERS} members`,
        'usernames',
      );
    }
    if (added.length === 0) return;
    // New members read from the epoch that admits them on, or, where the group shares its history,
    // from as far back as the adder can give them keys for.
    const [row] = await tx
      .select({ epoch: conversations.epoch, shareHistory: conversations.shareHistory })
      .from(conversations)
      .where(eq(conversations.id, conversationId));
    const { epoch, shareHistory } = row!;
    const joinedEpoch = shareHistory ? member.joinedEpoch : epoch + 1;
    await tx
      .insert(conversationMembers)
      .values(added.map((u) => ({ conversationId, userId: u.id, role: 'member', joinedEpoch })));
    if (shareHistory) {
      const earlier = Array.from({ length: epoch + 1 - joinedEpoch }, (_, i) => joinedEpoch + i);
      const refs = earlier.map((e) => ({ conversationId, epoch: e }));
      await shareEpochs(
        tx,
        device,
        refs,
        added.map((u) => u.id),
        deps.logger,
      );
    }
    await nextEpoch(tx, deps, device, conversationId);
    await announce(tx, conversationId);
  });
}

async function roleOf(tx: Tx, conversationId: string, userId: string): Promise<Role | undefined> {
  const [row] = await tx
    .select({ role: conversationMembers.role })
    .from(conversationMembers)
    .where(
      and(
        eq(conversationMembers.conversationId, conversationId),
        eq(conversationMembers.userId, userId),
      ),
    );
  return row?.role as Role | undefined;
}

async function dropMember(
  tx: Tx,
  deps: Deps,
  device: Device,
  conversationId: string,
  userId: string,
) {
  await tx
    .delete(conversationMembers)
    .where(
      and(
        eq(conversationMembers.conversationId, conversationId),
        eq(conversationMembers.userId, userId),
      ),
    );
  if ((await memberIdsOf(tx, conversationId)).length > 0)
    await nextEpoch(tx, deps, device, conversationId);
  await announce(tx, conversationId, [
    { userId, event: { type: 'conversation.removed', conversationId } },
  ]);
}

/** The owner removes anyone else; admins remove plain members. */
export async function removeMember(deps: Deps, auth: Auth, member: Membership, userId: string) {
  requireAdmin(member);
  if (userId === auth.userId)
    throw new AppError('BAD_REQUEST', 'Use leave to leave a group', 'userId');
  await withHostedDevice(deps, auth, async (device, tx) => {
    const role = await roleOf(tx, member.conversationId, userId);
    if (!role) throw new AppError('NOT_FOUND', 'That person is not in this group', 'userId');
    if (role === 'owner' || (role === 'admin' && member.role !== 'owner')) {
      throw forbidden('Only the owner can remove an admin, and nobody removes the owner');
    }
    await dropMember(tx, deps, device, member.conversationId, userId);
  });
}

/** Leaving as owner hands the group to the longest-standing admin, else member. */
export async function leave(deps: Deps, auth: Auth, member: Membership) {
  requireGroup(member);
  await withHostedDevice(deps, auth, async (device, tx) => {
    if (member.role === 'owner') {
      const [heir] = await tx
        .select({ userId: conversationMembers.userId })
        .from(conversationMembers)
        .where(
          and(
            eq(conversationMembers.conversationId, member.conversationId),
            ne(conversationMembers.userId, auth.userId),
          ),
        )
        .orderBy(sql`${conversationMembers.role} = 'admin' desc`, asc(conversationMembers.joinedAt))
        .limit(1);
      if (heir) {
        await tx
          .update(conversationMembers)
          .set({ role: 'owner' })
          .where(
            and(
              eq(conversationMembers.conversationId, member.conversationId),
              eq(conversationMembers.userId, heir.userId),
            ),
          );
      }
    }
    await dropMember(tx, deps, device, member.conversationId, auth.userId);
  });
}

/** Only the owner promotes and demotes. */
export async function setRole(
  deps: Deps,
  member: Membership,
  userId: string,
  role: 'admin' | 'member',
) {
  requireGroup(member);
  if (member.role !== 'owner') throw forbidden('Only the owner can change roles');
  await deps.db.transaction(async (tx) => {
    const current = await roleOf(tx, member.conversationId, userId);
    if (!current) throw new AppError('NOT_FOUND', 'That person is not in this group', 'userId');
    if (current === 'owner')
      throw new AppError('BAD_REQUEST', 'The owner keeps their role', 'userId');
    await tx
      .update(conversationMembers)
      .set({ role })
      .where(
        and(
          eq(conversationMembers.conversationId, member.conversationId),
          eq(conversationMembers.userId, userId),
        ),
      );
    await announce(tx, member.conversationId);
  });
}

export async function rename(deps: Deps, member: Membership, title: string) {
  requireAdmin(member);
  await deps.db.transaction(async (tx) => {
    await tx
      .update(conversations)
      .set({ title })
      .where(eq(conversations.id, member.conversationId));
    await announce(tx, member.conversationId);
  });
}
