import { and, eq, isNull } from 'drizzle-orm';
import { schema } from '@parley/db';
import type { Services } from '../context.js';
import { memberIdsOf, type Membership } from '../conversations/membership.js';
import type { Tx } from '../db/transaction.js';
import { withContentKeys } from '../devices/hosted-content-keys.js';
import { AppError } from '../errors.js';
import { recordEvents } from '../events/record-events.js';
import { deleteObjects, releaseMessageMedia } from '../media/media-cleanup.js';
import { checkMentions } from './mentions.js';
import { encodeContent } from './message-content.js';
import { openMessages, readContent, type TMessage } from './message-view.js';

const { messages } = schema;

type Deps = Pick<Services, 'db' | 'config' | 'logger' | 'storage' | 'contentKeys'>;
type Auth = { userId: string; sessionId: string };

/** The caller's own, not deleted message in this conversation, locked for the change. */
export async function ownMessage(tx: Tx, auth: Auth, member: Membership, messageId: string) {
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

export async function announceUpdate(tx: Tx, member: Membership, messageId: string, seq: number) {
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
 * Replaces the text (and, when given, the mentions), sealed again under the message's own epoch and
 * context, so it stays readable by exactly the members who could read the original (and no one who
 * joined later). The sealing device becomes the message's sender device.
 */
export async function editMessage(
  deps: Deps,
  auth: Auth,
  member: Membership,
  input: { messageId: string; text: string; mentions?: string[] },
): Promise<TMessage> {
  return withContentKeys(deps, auth, async (device, tx) => {
    const row = await ownMessage(tx, auth, member, input.messageId);
    const context = {
      conversationId: row.conversationId,
      epoch: row.epoch,
      clientMessageId: row.clientMessageId,
    };
    const current = await readContent(tx, device, row, deps.logger);
    const mentions = input.mentions
      ? await checkMentions(tx, member.conversationId, input.mentions)
      : (current?.mentions ?? []);
    // An edit changes the text (the caption); the files stay as they were sent.
    const attachments = current?.attachments ?? [];
    if (input.text.trim() === '' && attachments.length === 0) {
      throw new AppError('BAD_REQUEST', 'A message cannot be empty', 'text');
    }
    const replyToId = current?.replyToId ?? null;
    const content = encodeContent({ text: input.text, replyToId, mentions, attachments });
    const sealed = await device.seal(content, context);
    const [updated] = await tx
      .update(messages)
      .set({ sealed, senderDeviceId: device.address.deviceId, editedAt: new Date() })
      .where(eq(messages.id, row.id))
      .returning();
    await announceUpdate(tx, member, row.id, row.seq);
    return (await openMessages(tx, device, [updated!], deps, auth))[0]!;
  });
}

/**
 * Deletes for everyone: the sealed content is erased; a tombstone keeps the seq and time. Its files
 * go too, unless another message still carries them (their keys lived only in the erased content).
 */
export async function deleteMessage(
  deps: Deps,
  auth: Auth,
  member: Membership,
  messageId: string,
): Promise<void> {
  const released = await deps.db.transaction(async (tx) => {
    const row = await ownMessage(tx, auth, member, messageId);
    await tx
      .update(messages)
      .set({ sealed: null, deletedAt: new Date() })
      .where(eq(messages.id, row.id));
    await announceUpdate(tx, member, row.id, row.seq);
    return releaseMessageMedia(tx, row.id);
  });
  // After the commit: a rolled-back delete must not have lost its files.
  await deleteObjects(deps, released);
}
