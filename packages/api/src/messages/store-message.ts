import { and, eq, notExists, sql } from 'drizzle-orm';
import { schema } from '@parley/db';
import type { MessageRow } from '@parley/db/schema';
import { memberIdsOf, noSuchConversation, type Membership } from '../conversations/membership.js';
import type { Tx } from '../db/transaction.js';
import { AppError } from '../errors.js';
import { recordEvents } from '../events/record-events.js';
import { checkMentions } from './mentions.js';

const { conversations, messages } = schema;

export interface NewMessage {
  clientMessageId: string;
  replyToId: string | null;
  mentions: string[];
}

/** Seals (or checks a client's sealing of) the content under the conversation's current epoch. */
export type SealUnder = (epoch: number) => Promise<{ sealed: Uint8Array; senderDeviceId: number }>;

/** The caller's own steps on the stored row (`created: false` for a retry); their result is returned. */
export type FinishStore<R> = (row: MessageRow, created: boolean) => Promise<R>;

/**
 * What every send does, in the caller's transaction, however the content was sealed: a retry with
 * the same clientMessageId finishes with the stored message; otherwise the reply target and
 * mentions are checked, the conversation row is locked for the next seq, the content is sealed under
 * its current epoch, the caller finishes (links media, makes its view), and then every member is
 * told (mentioned ones with `mentionsMe`): last, because recording events holds the lock that orders
 * them across all conversations until the transaction commits.
 */
export async function storeMessage<R>(
  tx: Tx,
  senderId: string,
  member: Membership,
  input: NewMessage,
  seal: SealUnder,
  finish: FinishStore<R>,
): Promise<R> {
  const { conversationId } = member;
  const sameMessage = and(
    eq(messages.conversationId, conversationId),
    eq(messages.senderUserId, senderId),
    eq(messages.clientMessageId, input.clientMessageId),
  );
  // One round trip: the reply target and mentions are checked while the conversation row is locked
  // for the next seq, unless this is a retry (the message is stored already). A failed check then
  // rolls the seq back with the transaction.
  const [checked, [conversation]] = await Promise.all([
    checkReferences(tx, conversationId, input).then(
      (mentioned) => ({ mentioned }),
      (error: unknown) => ({ error }),
    ),
    tx
      .update(conversations)
      .set({ lastSeq: sql`${conversations.lastSeq} + 1`, lastActivityAt: new Date() })
      .where(
        and(
          eq(conversations.id, conversationId),
          notExists(tx.select({ id: messages.id }).from(messages).where(sameMessage)),
        ),
      )
      .returning({ seq: conversations.lastSeq, epoch: conversations.epoch }),
  ]);
  if (!conversation) {
    const [existing] = await tx.select().from(messages).where(sameMessage);
    // Not a retry: the conversation went away since the membership was read.
    if (!existing) throw noSuchConversation();
    return finish(existing, false);
  }
  if ('error' in checked) throw checked.error;
  const mentioned = new Set(checked.mentioned);
  const { seq, epoch } = conversation;
  const { sealed, senderDeviceId } = await seal(epoch);
  // The member list is read under the conversation's lock, sent together with the insert.
  const [memberIds, [row]] = await Promise.all([
    memberIdsOf(tx, conversationId),
    tx
      .insert(messages)
      .values({
        conversationId,
        seq,
        senderUserId: senderId,
        senderDeviceId,
        clientMessageId: input.clientMessageId,
        epoch,
        sealed,
      })
      .returning(),
  ]);
  const result = await finish(row!, true);
  await recordEvents(
    tx,
    memberIds.map((userId) => ({
      userId,
      event: {
        type: 'message.created',
        conversationId,
        messageId: row!.id,
        seq,
        senderId,
        ...(mentioned.has(userId) && userId !== senderId ? { mentionsMe: true } : {}),
      },
    })),
  );
  return result;
}

/** The mentioned members (checked) after checking that the reply target is in the conversation. */
async function checkReferences(
  tx: Tx,
  conversationId: string,
  input: NewMessage,
): Promise<string[]> {
  const [target, mentioned] = await Promise.all([
    input.replyToId
      ? tx
          .select({ id: messages.id })
          .from(messages)
          .where(and(eq(messages.id, input.replyToId), eq(messages.conversationId, conversationId)))
      : [{ id: null }],
    checkMentions(tx, conversationId, input.mentions),
  ]);
  if (target.length === 0)
    throw new AppError('NOT_FOUND', 'No such message to reply to', 'replyToId');
  return mentioned;
}
