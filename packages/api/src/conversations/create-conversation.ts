import type { Device } from '@parley/crypto';
import { eq, inArray } from 'drizzle-orm';
import { schema } from '@parley/db';
import type { Services } from '../context.js';
import type { Tx } from '../db/transaction.js';
import { withHostedDevice } from '../devices/hosted-device.js';
import { AppError } from '../errors.js';
import { recordEvents } from '../events/record-events.js';
import { startEpoch } from './epoch-keys.js';
import type { Role } from './membership.js';

const { users, conversations, conversationMembers } = schema;

type Auth = { userId: string; sessionId: string };
type Deps = Pick<Services, 'db' | 'config' | 'logger'>;

export const MAX_GROUP_MEMBERS = 1000;

/** Inserts a conversation with its members and epoch 0, keyed by the creator's hosted device. */
async function insertConversation(
  tx: Tx,
  deps: Deps,
  device: Device,
  values: typeof conversations.$inferInsert,
  members: { userId: string; role: Role }[],
): Promise<string> {
  const [created] = await tx
    .insert(conversations)
    .values(values)
    .returning({ id: conversations.id });
  const conversationId = created!.id;
  await tx
    .insert(conversationMembers)
    .values(members.map((m) => ({ conversationId, ...m, joinedEpoch: 0 })));
  const memberIds = members.map((m) => m.userId);
  await startEpoch(tx, device, { conversationId, epoch: 0 }, memberIds, deps.logger);
  await recordEvents(
    tx,
    memberIds.map((userId) => ({
      userId,
      event: { type: 'conversation.updated', conversationId },
    })),
  );
  return conversationId;
}

/** The one direct conversation of the caller and `username`, created on first use. */
export async function openDirect(deps: Deps, auth: Auth, username: string): Promise<string> {
  const [peer] = await deps.db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.username, username));
  if (!peer) throw new AppError('NOT_FOUND', 'No one has that username', 'username');
  if (peer.id === auth.userId) {
    throw new AppError('BAD_REQUEST', 'A direct chat needs someone else', 'username');
  }
  const directKey = [auth.userId, peer.id].sort().join(':');
  const existing = async () => {
    const [row] = await deps.db
      .select({ id: conversations.id })
      .from(conversations)
      .where(eq(conversations.directKey, directKey));
    return row?.id;
  };
  const found = await existing();
  if (found) return found;
  try {
    return await withHostedDevice(deps, auth, (device, tx) =>
      insertConversation(tx, deps, device, { kind: 'direct', directKey }, [
        { userId: auth.userId, role: 'member' },
        { userId: peer.id, role: 'member' },
      ]),
    );
  } catch (error) {
    // Both people opened the chat at once: the other insert won, and that conversation is theirs.
    const raced = await existing();
    if (raced) return raced;
    throw error;
  }
}

export async function createGroup(
  deps: Deps,
  auth: Auth,
  input: { title: string; usernames: string[]; shareHistory: boolean },
): Promise<string> {
  const wanted = [...new Set(input.usernames)];
  const found = wanted.length
    ? await deps.db
        .select({ id: users.id, username: users.username })
        .from(users)
        .where(inArray(users.username, wanted))
    : [];
  const missing = wanted.findIndex((name) => !found.some((u) => u.username === name));
  if (missing >= 0) {
    const index = input.usernames.indexOf(wanted[missing]!);
    throw new AppError(
      'BAD_REQUEST',
      `No one has the username ${wanted[missing]}`,
      `usernames.${index}`,
    );
  }
  const others = found.filter((u) => u.id !== auth.userId);
  if (others.length + 1 > MAX_GROUP_MEMBERS) {
    throw new AppError(
      'BAD_REQUEST',
      `A group has at most ${MAX_GROUP_MEMBERS} members`,
      'usernames',
    );
  }
  return withHostedDevice(deps, auth, (device, tx) =>
    insertConversation(
      tx,
      deps,
      device,
      { kind: 'group', title: input.title, shareHistory: input.shareHistory },
      [
        { userId: auth.userId, role: 'owner' },
        ...others.map((u) => ({ userId: u.id, role: 'member' as const })),
      ],
    ),
  );
}
