import { and, eq, sql } from 'drizzle-orm';
import { schema } from '@parley/db';
import type { Services } from '../context.js';
import type { Membership } from '../conversations/membership.js';
import { memberIdsOf } from '../conversations/membership.js';
import { withHostedDevice } from '../devices/hosted-device.js';
import { AppError } from '../errors.js';
import { recordEvents } from '../events/record-events.js';
import { encodeContent } from './message-content.js';
import { openMessages, type TMessage } from './message-view.js';

const { conversations, messages } = schema;

type Deps = Pick<Services, 'db' | 'config' | 'logger'>;

/**
 * Seals the message once with the sender's hosted device under the current epoch key and stores it
 * with the next sequence number. Idempotent: the same clientMessageId returns the stored message.
 */
export async function sendMessage(
  deps: Deps,
  auth: { userId: string; sessionId: string },
  member: Membership,
  input: { clientMessageId: string; text: string; replyToId: string | null },
): Promise<TMessage> {
  const { conversationId } = member;
  return withHostedDevice(deps, auth, async (device, tx) => {
    const byClientId = and(
      eq(messages.conversationId, conversationId),
      eq(messages.senderUserId, auth.userId),
      eq(messages.clientMessageId, input.clientMessageId),
    );
    const [existing] = await tx.select().from(messages).where(byClientId);
    if (existing) return (await openMessages(tx, device, [existing], deps.logger))[0]!;

    if (input.replyToId) {
      const [target] = await tx
        .select({ id: messages.id })
        .from(messages)
        .where(and(eq(messages.id, input.replyToId), eq(messages.conversationId, conversationId)));
      if (!target) throw new AppError('NOT_FOUND', 'No such message to reply to', 'replyToId');
    }
    // Locks the conversation row: sends to one conversation take turns for their seq.
    const [conversation] = await tx
      .update(conversations)
      .set({ lastSeq: sql`${conversations.lastSeq} + 1`, lastActivityAt: new Date() })
      .where(eq(conversations.id, conversationId))
      .returning({ seq: conversations.lastSeq, epoch: conversations.epoch });
    const { seq, epoch } = conversation!;
    const sealed = await device.seal(encodeContent(input), {
      conversationId,
      epoch,
      clientMessageId: input.clientMessageId,
    });
    const [row] = await tx
      .insert(messages)
      .values({
        conversationId,
        seq,
        senderUserId: auth.userId,
        senderDeviceId: device.address.deviceId,
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
          senderId: auth.userId,
        },
      })),
    );
    return (await openMessages(tx, device, [row!], deps.logger))[0]!;
  });
}
