import { isCryptoError, type ContentContext, type Device, type EpochRef } from '@parley/crypto';
import { decodeContent, type TContent } from '../messages/message-content.js';
import {
  addReactions,
  decodeReactionSet,
  reactionClientId,
  type TReactions,
} from '../messages/reaction-set.js';
import type { TSealedPage } from '../messages/sealed-view.js';
import { fromBase64 } from './wire-bytes.js';

/** A message as this SDK device opened it. */
export interface SdkMessage {
  id: string;
  conversationId: string;
  seq: number;
  senderId: string | null;
  senderDeviceId: number;
  clientMessageId: string;
  /** The epoch it is sealed under (an edit seals again under the same one). */
  epoch: number;
  /** Null when deleted, or when this device cannot open it (no key for its epoch, bad signature). */
  text: string | null;
  replyToId: string | null;
  mentions: string[];
  /** Files with their keys: download with `client.downloadFile`. */
  attachments: TContent['attachments'];
  reactions: TReactions;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
}

/**
 * Opens a page of sealed messages and reactions here. Each signature is checked against the
 * directory's identity key for the sending device, unless this device's Signal sessions already
 * trust another key for it (then it stays unopened). `missing` names the epochs whose keys this
 * device does not hold: obtain them and open again.
 */
export async function openSealedPage(
  device: Device,
  page: TSealedPage,
): Promise<{ messages: SdkMessage[]; missing: EpochRef[] }> {
  const directory = new Map(
    page.identityKeys.map((k) => [`${k.userId}.${k.deviceId}`, fromBase64(k.identityKey)]),
  );
  const missing = new Map<string, EpochRef>();
  /** The opened and decoded item, or null when it does not open or decode. */
  const open = async <T>(
    sealed: string,
    context: ContentContext,
    decode: (bytes: Uint8Array) => T,
  ): Promise<T | null> => {
    const key = directory.get(`${context.senderDevice.userId}.${context.senderDevice.deviceId}`);
    const trusted = await device.peerIdentity(context.senderDevice);
    if (!key || (trusted && !Buffer.from(trusted).equals(key))) return null;
    try {
      return decode(await device.open(fromBase64(sealed), context, key));
    } catch (error) {
      if (isCryptoError(error, 'NO_EPOCH_KEY')) {
        const { conversationId, epoch } = context;
        missing.set(`${conversationId}:${epoch}`, { conversationId, epoch });
      }
      return null;
    }
  };
  const messages: SdkMessage[] = [];
  for (const m of page.messages) {
    const ref = { conversationId: m.conversationId, epoch: m.epoch };
    const content =
      m.sealed && m.senderId
        ? await open(
            m.sealed,
            {
              ...ref,
              senderDevice: { userId: m.senderId, deviceId: m.senderDeviceId },
              clientMessageId: m.clientMessageId,
            },
            decodeContent,
          )
        : null;
    const reactions: TReactions = [];
    for (const r of m.reactions) {
      const emoji = await open(
        r.sealed,
        {
          ...ref,
          senderDevice: { userId: r.userId, deviceId: r.senderDeviceId },
          clientMessageId: reactionClientId(m.id),
        },
        decodeReactionSet,
      );
      if (emoji) addReactions(reactions, r.userId, emoji);
    }
    messages.push({
      id: m.id,
      conversationId: m.conversationId,
      seq: m.seq,
      senderId: m.senderId,
      senderDeviceId: m.senderDeviceId,
      clientMessageId: m.clientMessageId,
      epoch: m.epoch,
      text: content?.text ?? null,
      replyToId: content?.replyToId ?? null,
      mentions: content?.mentions ?? [],
      attachments: content?.attachments ?? [],
      reactions,
      createdAt: m.createdAt,
      editedAt: m.editedAt,
      deletedAt: m.deletedAt,
    });
  }
  return { messages, missing: [...missing.values()] };
}
