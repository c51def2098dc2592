import { isCryptoError, type ContentContext } from '@parley/crypto';
import { TRPCClientError, type TRPCClient } from '@trpc/client';
import { randomUUID } from 'node:crypto';
import { fileRefsOf, ZAttachments, type TAttachment } from '../media/attachment.js';
import { encodeContent } from '../messages/message-content.js';
import { encodeReactionSet, reactionClientId } from '../messages/reaction-set.js';
import type { TSealedPage } from '../messages/sealed-view.js';
import type { AppRouter } from '../root.js';
import { ZEmoji } from '../shared/validation.js';
import { openSealedPage, type SdkMessage } from './open-sealed.js';
import type { SdkDevice } from './sdk-device.js';
import { toWire } from './wire-bytes.js';

export interface SendOptions {
  replyToId?: string;
  /** User ids of members to notify. */
  mentions?: string[];
  /** From `uploadFile`: up to 10; `text` may then be empty (a caption). */
  attachments?: TAttachment[];
  /** Pick one to retry safely: a retry returns the message already stored. */
  clientMessageId?: string;
}

/** Which page of history (one of before / after / around a seq); the newest page without one. */
export interface HistoryCursor {
  before?: number;
  after?: number;
  around?: number;
  /** 1–100, default 50. */
  limit?: number;
}

/** The server refused a sealed send because the conversation has moved to another epoch. */
const isEpochMoved = (error: unknown) => {
  const data = error instanceof TRPCClientError ? (error.data as Record<string, unknown>) : null;
  return data?.code === 'CONFLICT' && data.field === 'epoch';
};

/**
 * Messages sealed and opened on the SDK device: content goes to the server only sealed under the
 * conversation's epoch key, and comes back sealed (`messages.*Sealed`).
 */
export class SealedMessages {
  /** The last known current epoch of each conversation; looked up again when the server says it moved. */
  private readonly epochs = new Map<string, number>();

  constructor(
    private readonly trpc: TRPCClient<AppRouter>,
    private readonly sdk: SdkDevice,
    private readonly userId: string,
  ) {}

  async send(conversationId: string, text: string, options: SendOptions): Promise<SdkMessage> {
    const clientMessageId = options.clientMessageId ?? randomUUID();
    const replyToId = options.replyToId ?? null;
    const mentions = [...new Set(options.mentions ?? [])];
    // Checked here: the server cannot look inside, and readers would fail to open a bad one.
    const attachments = ZAttachments.parse(options.attachments ?? []);
    const mediaIds = attachments.flatMap(fileRefsOf).map((ref) => ref.mediaId);
    const content = encodeContent({ text, replyToId, mentions, attachments });
    for (let attempt = 0; ; attempt++) {
      // A membership change may have moved the epoch since it was cached: look again once.
      const epoch = await this.currentEpoch(conversationId, attempt > 0);
      const sealed = await this.seal({ conversationId, epoch, clientMessageId }, content);
      try {
        const page = await this.trpc.messages.sendSealed.mutate({
          conversationId,
          deviceId: this.sdk.deviceId,
          clientMessageId,
          epoch,
          sealed: toWire(sealed),
          replyToId,
          mentions,
          mediaIds,
        });
        return await this.openOne(page);
      } catch (error) {
        if (attempt > 0 || !isEpochMoved(error)) throw error;
      }
    }
  }

  async list(conversationId: string, cursor: HistoryCursor) {
    const page = await this.trpc.messages.listSealed.query({ conversationId, ...cursor });
    const { messages } = await this.openPage(page);
    return { messages, hasOlder: page.hasOlder, hasNewer: page.hasNewer };
  }

  async edit(message: SdkMessage, text: string, options: { mentions?: string[] }) {
    const mentions = [...new Set(options.mentions ?? message.mentions)];
    const content = encodeContent({
      text,
      replyToId: message.replyToId,
      mentions,
      attachments: message.attachments,
    });
    const { conversationId, epoch, clientMessageId } = message;
    const sealed = await this.seal({ conversationId, epoch, clientMessageId }, content);
    const page = await this.trpc.messages.editSealed.mutate({
      conversationId,
      messageId: message.id,
      deviceId: this.sdk.deviceId,
      sealed: toWire(sealed),
      mentions,
    });
    return this.openOne(page);
  }

  async react(message: SdkMessage, emoji: string): Promise<void> {
    ZEmoji.parse(emoji);
    const mine = message.reactions
      .filter((r) => r.userIds.includes(this.userId))
      .map((r) => r.emoji);
    const next = mine.includes(emoji) ? mine.filter((e) => e !== emoji) : [...mine, emoji];
    const { conversationId, epoch } = message;
    const sealed =
      next.length === 0
        ? null
        : await this.seal(
            { conversationId, epoch, clientMessageId: reactionClientId(message.id) },
            encodeReactionSet(next),
          );
    await this.trpc.messages.reactSealed.mutate({
      conversationId,
      messageId: message.id,
      deviceId: this.sdk.deviceId,
      sealed: sealed && toWire(sealed),
    });
  }

  private async currentEpoch(conversationId: string, refresh: boolean): Promise<number> {
    const known = this.epochs.get(conversationId);
    if (known !== undefined && !refresh) return known;
    const { epoch } = await this.trpc.conversations.get.query({ conversationId });
    this.epochs.set(conversationId, epoch);
    return epoch;
  }

  /** Seals with the epoch key, obtaining it first when it is not held yet. */
  private async seal(
    context: Omit<ContentContext, 'senderDevice'>,
    content: Uint8Array,
  ): Promise<Uint8Array> {
    const { device } = this.sdk;
    try {
      return await device.seal(content, context);
    } catch (error) {
      if (!isCryptoError(error, 'NO_EPOCH_KEY')) throw error;
    }
    await this.sdk.obtainEpochKeys([context]);
    try {
      return await device.seal(content, context);
    } catch (error) {
      if (!isCryptoError(error, 'NO_EPOCH_KEY')) throw error;
      throw new Error(
        `This device holds no key for epoch ${context.epoch} of conversation ${context.conversationId}`,
        { cause: error },
      );
    }
  }

  /** Opens a page, obtaining missing epoch keys and trying again when some came in. */
  private async openPage(page: TSealedPage) {
    const opened = await openSealedPage(this.sdk.device, page);
    if (opened.missing.length === 0 || !(await this.sdk.obtainEpochKeys(opened.missing))) {
      return opened;
    }
    return openSealedPage(this.sdk.device, page);
  }

  private async openOne(page: TSealedPage): Promise<SdkMessage> {
    return (await this.openPage(page)).messages[0]!;
  }
}
