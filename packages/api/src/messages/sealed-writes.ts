import { isCryptoError, verifyContent, type ContentContext } from '@parley/crypto';
import { eq } from 'drizzle-orm';
import { schema, type Db } from '@parley/db';
import type { Membership } from '../conversations/membership.js';
import { transaction } from '../db/transaction.js';
import { ownDevice } from '../devices/key-directory.js';
import { AppError } from '../errors.js';
import { attachClientMedia } from '../media/attach-client-media.js';
import { announceUpdate, ownMessage } from './change-message.js';
import { checkMentions } from './mentions.js';
import { reactionClientId } from './reaction-set.js';
import { readableMessage } from './readable-message.js';
import { storeReactionSet } from './reactions.js';
import { sealedPage, type TSealedPage } from './sealed-view.js';
import { storeMessage } from './store-message.js';

const { messages } = schema;

type Auth = { userId: string; sessionId: string };

/**
 * What the server checks of content an SDK device sealed itself, without being able to open it:
 * the signature of the caller's device (by the directory's identity key) over the exact context.
 */
function checkSealed(sealed: Uint8Array, context: ContentContext, identityKey: Uint8Array) {
  try {
    verifyContent(sealed, context, identityKey);
  } catch (error) {
    if (isCryptoError(error, 'BAD_SIGNATURE')) {
      throw new AppError(
        'BAD_REQUEST',
        `The content is not signed by your device ${context.senderDevice.deviceId}`,
        'sealed',
      );
    }
    if (isCryptoError(error, 'CONTEXT_MISMATCH')) {
      throw new AppError(
        'BAD_REQUEST',
        'The content is sealed for another conversation, epoch, device or clientMessageId',
        'sealed',
      );
    }
    if (isCryptoError(error)) throw new AppError('BAD_REQUEST', 'Not sealed content', 'sealed');
    throw error;
  }
}

/**
 * Stores a message an SDK device sealed under the conversation's current epoch: the server checks
 * its signature, epoch and membership, links the media it names, and shares everything else with
 * `messages.send`. Answers a page holding that one message, with the identity keys to open it.
 */
export async function sendSealed(
  db: Db,
  auth: Auth,
  member: Membership,
  input: {
    deviceId: number;
    clientMessageId: string;
    epoch: number;
    sealed: Uint8Array;
    replyToId: string | null;
    mentions: string[];
    /** Every media id the sealed attachments refer to (main, thumbnail, rendition). */
    mediaIds: string[];
  },
): Promise<TSealedPage> {
  const { conversationId } = member;
  const device = await ownDevice(db, auth.userId, input.deviceId);
  const senderDevice = { userId: auth.userId, deviceId: input.deviceId };
  const { epoch, clientMessageId } = input;
  checkSealed(
    input.sealed,
    { conversationId, epoch, senderDevice, clientMessageId },
    device.identityKey,
  );
  const row = await transaction(db, async (tx) => {
    return storeMessage(
      tx,
      auth.userId,
      member,
      input,
      async (current) => {
        if (current !== epoch) {
          throw new AppError(
            'CONFLICT',
            `The conversation is at epoch ${current}; seal the message under that epoch`,
            'epoch',
          );
        }
        return { sealed: input.sealed, senderDeviceId: input.deviceId };
      },
      async (row, created) => {
        if (created) await attachClientMedia(tx, auth.userId, row, input.mediaIds);
        return row;
      },
    );
  });
  return sealedPage(db, [row]);
}

/**
 * Replaces the content of the caller's own message with content their SDK device sealed again
 * under the message's own epoch and clientMessageId; that device becomes its sender device.
 */
export async function editSealed(
  db: Db,
  auth: Auth,
  member: Membership,
  input: { messageId: string; deviceId: number; sealed: Uint8Array; mentions: string[] },
): Promise<TSealedPage> {
  const device = await ownDevice(db, auth.userId, input.deviceId);
  const row = await db.transaction(async (tx) => {
    const current = await ownMessage(tx, auth, member, input.messageId);
    const senderDevice = { userId: auth.userId, deviceId: input.deviceId };
    checkSealed(
      input.sealed,
      {
        conversationId: current.conversationId,
        epoch: current.epoch,
        senderDevice,
        clientMessageId: current.clientMessageId,
      },
      device.identityKey,
    );
    await checkMentions(tx, member.conversationId, input.mentions);
    const [updated] = await tx
      .update(messages)
      .set({ sealed: input.sealed, senderDeviceId: input.deviceId, editedAt: new Date() })
      .where(eq(messages.id, current.id))
      .returning();
    await announceUpdate(tx, member, current.id, current.seq);
    return updated!;
  });
  return sealedPage(db, [row]);
}

/**
 * Replaces the caller's reaction set on a message with one their SDK device sealed under the
 * message's epoch (clientMessageId `reaction:<messageId>`); null takes all their reactions away.
 */
export async function reactSealed(
  db: Db,
  auth: Auth,
  member: Membership,
  input: { messageId: string; deviceId: number; sealed: Uint8Array | null },
): Promise<void> {
  const device = await ownDevice(db, auth.userId, input.deviceId);
  await db.transaction(async (tx) => {
    const message = await readableMessage(tx, member, input.messageId);
    const { sealed, deviceId } = input;
    if (sealed) {
      checkSealed(
        sealed,
        {
          conversationId: message.conversationId,
          epoch: message.epoch,
          senderDevice: { userId: auth.userId, deviceId },
          clientMessageId: reactionClientId(message.id),
        },
        device.identityKey,
      );
    }
    await storeReactionSet(
      tx,
      message,
      auth.userId,
      sealed && { sealed, senderDeviceId: deviceId },
    );
  });
}
