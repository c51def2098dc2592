import { and, eq, sql } from 'drizzle-orm';
import { schema } from '@parley/db';
import type { MessageRow } from '@parley/db/schema';
import { memberIdsOf, type Membership } from '../conversations/membership.js';
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

/**
 * What every send does, in the caller's transaction, however the content was sealed: a retry with
 * the same clientMessageId returns the stored message (`created: false`); otherwise the reply target
 * and mentions are checked, the conversation row is locked for the next seq, the content is sealed
 * under its current epoch, and every member is told (mentioned ones with `mentionsMe`).
 */
export async function storeMessage(
  tx: Tx,
  senderId: string,
  member: Membership,
  input: NewMessage,
  seal: SealUnder,
): Promise<{ row: MessageRow; created: boolean }> {
  const { conversationId } = member;
  const [existing] = await tx
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.conversationId, conversationId),
        eq(messages.senderUserId, senderId),
        eq(messages.clientMessageId, input.clientMessageId),
      ),
    );
  if (existing) return { row: existing, created: false };

  if (input.replyToId) {
    const [target] = await tx
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.id, input.replyToId), eq(messages.conversationId, conversationId)));
    if (!target) throw new AppError('NOT_FOUND', 'No such message to reply to', 'replyToId');
  }
  const mentioned = new Set(await checkMentions(tx, conversationId, input.mentions));
  // Locks the conversation row: sends to one conversation take turns for their seq.
  const [conversation] = await tx
    .update(conversations)
    .set({ lastSeq: sql`${conversations.lastSeq} + 1`, lastActivityAt: new Date() })
    .where(eq(conversations.id, conversationId))
    .returning({ seq: conversations.lastSeq, epoch: conversations.epoch });
  const { seq, epoch } = conversation!;
  const { sealed, senderDeviceId } = await seal(epoch);
  const [row] = await tx
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
    .returning();
  await recordEvents(
    tx,
    (await memberIdsOf(tx, conversationId)).map((userId) => ({
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
  return { row: row!, created: true };
}
