import { and, eq, isNull } from 'drizzle-orm';
import { schema } from '@parley/db';
import type { Services } from '../context.js';
import { memberIdsOf, type Membership } from '../conversations/membership.js';
import type { Tx } from '../db/transaction.js';
import { withHostedDevice } from '../devices/hosted-device.js';
import { AppError } from '../errors.js';
import { recordEvents } from '../events/record-events.js';
import { encodeContent } from './message-content.js';
import { openMessages, type TMessage } from './message-view.js';

const { messages } = schema;

type Deps = Pick<Services, 'db' | 'config' | 'logger'>;
type Auth = { userId: string; sessionId: string };

/** The caller's own, not deleted message in this conversation, locked for the change. */
async function ownMessage(tx: Tx, auth: Auth, member: Membership, messageId: string) {
  const [row] = await tx
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.id, messageId),
        eq(messages.conversationId, member.conversationId),
        eq(messages.senderUserId, auth.userId),
        isNull(messages.deletedAt),
      ),
    )
    .for('update');
  if (!row) throw new AppError('NOT_FOUND', 'No such message of yours', 'messageId');
  return row;
}

async function announceUpdate(tx: Tx, member: Membership, messageId: string, seq: number) {
  const { conversationId } = member;
  await recordEvents(
    tx,
    (await memberIdsOf(tx, conversationId)).map((userId) => ({
      userId,
      event: { type: 'message.updated', conversationId, messageId, seq },
    })),
  );
}

/**
 * Replaces the text, sealed again under the message's own epoch and context, so it stays readable
 * by exactly the members who could read the original (and no one who joined later).
 */
export async function editMessage(
  deps: Deps,
  auth: Auth,
  member: Membership,
  input: { messageId: string; text: string },
): Promise<TMessage> {
  return withHostedDevice(deps, auth, async (device, tx) => {
    const row = await ownMessage(tx, auth, member, input.messageId);
    const context = {
      conversationId: row.conversationId,
      epoch: row.epoch,
      clientMessageId: row.clientMessageId,
    };
    const [current] = await openMessages(tx, device, [row], deps.logger);
    const replyToId = current?.replyToId ?? null;
    const sealed = await device.seal(encodeContent({ text: input.text, replyToId }), context);
    const [updated] = await tx
      .update(messages)
      .set({ sealed, editedAt: new Date() })
      .where(eq(messages.id, row.id))
      .returning();
    await announceUpdate(tx, member, row.id, row.seq);
    return (await openMessages(tx, device, [updated!], deps.logger))[0]!;
  });
}

/** Deletes for everyone: the sealed content is erased; a tombstone keeps the seq and time. */
export async function deleteMessage(
  deps: Deps,
  auth: Auth,
  member: Membership,
  messageId: string,
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const row = await ownMessage(tx, auth, member, messageId);
    await tx
      .update(messages)
      .set({ sealed: null, deletedAt: new Date() })
      .where(eq(messages.id, row.id));
    await announceUpdate(tx, member, row.id, row.seq);
  });
}
