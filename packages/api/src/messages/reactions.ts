import { and, eq, inArray } from 'drizzle-orm';
import { schema } from '@parley/db';
import type { Services } from '../context.js';
import { memberIdsOf, type Membership } from '../conversations/membership.js';
import type { Tx } from '../db/transaction.js';
import {
  EpochKeyNotKept,
  withContentKeys,
  type ContentCipher,
} from '../devices/hosted-content-keys.js';
import { recordEvents } from '../events/record-events.js';
import type { Logger } from '../logger.js';
import {
  addReactions,
  decodeReactionSet,
  encodeReactionSet,
  reactionClientId,
  type TReactions,
} from './reaction-set.js';
import { readableMessage, type ReadableMessage } from './readable-message.js';
import { identityKeyOf } from './sender-identity.js';

const { reactions } = schema;

export { ZReactions, type TReactions } from './reaction-set.js';

const reactionContext = (row: { conversationId: string; epoch: number }, messageId: string) => ({
  conversationId: row.conversationId,
  epoch: row.epoch,
  clientMessageId: reactionClientId(messageId),
});

/** The reactions on some messages, opened and grouped by emoji in first-reacted order. */
export async function openReactions(
  tx: Tx,
  device: ContentCipher,
  rows: { id: string; conversationId: string; epoch: number }[],
  logger: Logger,
): Promise<Map<string, TReactions>> {
  const out = new Map<string, TReactions>();
  if (rows.length === 0) return out;
  const byId = new Map(rows.map((row) => [row.id, row]));
  const sealed = await tx
    .select()
    .from(reactions)
    .where(inArray(reactions.messageId, [...byId.keys()]))
    .orderBy(reactions.updatedAt);
  for (const reaction of sealed) {
    const message = byId.get(reaction.messageId)!;
    const senderDevice = { userId: reaction.userId, deviceId: reaction.senderDeviceId };
    const identity = await identityKeyOf(tx, senderDevice);
    if (!identity) continue;
    try {
      const context = { ...reactionContext(message, message.id), senderDevice };
      const emoji = decodeReactionSet(await device.open(reaction.sealed, context, identity));
      const list = out.get(message.id) ?? [];
      addReactions(list, reaction.userId, emoji);
      out.set(message.id, list);
    } catch (error) {
      if (error instanceof EpochKeyNotKept) throw error;
      logger.warn({ err: error, messageId: message.id }, 'reaction could not be opened');
    }
  }
  return out;
}

const reactionsOf = (messageId: string, userId: string) =>
  and(eq(reactions.messageId, messageId), eq(reactions.userId, userId));

/** The user's sealed reaction set on a message, locked for the change. */
async function lockReactionSet(tx: Tx, messageId: string, userId: string) {
  const [current] = await tx
    .select()
    .from(reactions)
    .where(reactionsOf(messageId, userId))
    .for('update');
  return current;
}

/** Replaces the user's sealed reaction set (null: none left) and tells the members. */
export async function storeReactionSet(
  tx: Tx,
  message: ReadableMessage,
  userId: string,
  set: { sealed: Uint8Array; senderDeviceId: number } | null,
): Promise<void> {
  if (!set) {
    await tx.delete(reactions).where(reactionsOf(message.id, userId));
  } else {
    const values = { ...set, epoch: message.epoch, updatedAt: new Date() };
    await tx
      .insert(reactions)
      .values({ messageId: message.id, userId, ...values })
      .onConflictDoUpdate({ target: [reactions.messageId, reactions.userId], set: values });
  }
  const { conversationId } = message;
  await recordEvents(
    tx,
    (await memberIdsOf(tx, conversationId)).map((to) => ({
      userId: to,
      event: { type: 'message.updated', conversationId, messageId: message.id, seq: message.seq },
    })),
  );
}

/** Adds the emoji to the caller's reactions on a message, or removes it if there. */
export async function toggleReaction(
  deps: Pick<Services, 'db' | 'config' | 'logger' | 'contentKeys'>,
  auth: { userId: string; sessionId: string },
  member: Membership,
  input: { messageId: string; emoji: string },
): Promise<void> {
  await withContentKeys(deps, auth, async (device, tx) => {
    const message = await readableMessage(tx, member, input.messageId);
    const current = await lockReactionSet(tx, message.id, auth.userId);
    const context = reactionContext(message, message.id);
    let emoji: string[] = [];
    if (current) {
      const senderDevice = { userId: auth.userId, deviceId: current.senderDeviceId };
      const identity = await identityKeyOf(tx, senderDevice);
      const opened =
        identity && (await device.open(current.sealed, { ...context, senderDevice }, identity));
      emoji = opened ? decodeReactionSet(opened) : [];
    }
    emoji = emoji.includes(input.emoji)
      ? emoji.filter((e) => e !== input.emoji)
      : [...emoji, input.emoji];
    const set =
      emoji.length === 0
        ? null
        : {
            sealed: await device.seal(encodeReactionSet(emoji), context),
            senderDeviceId: device.address.deviceId,
          };
    await storeReactionSet(tx, message, auth.userId, set);
  });
}
