import { z } from 'zod';
import { ZBytes, ZDeviceId } from '../devices/key-schemas.js';
import { listMessages, listSealedMessages, type Cursor } from '../messages/list-messages.js';
import { ZAttachments } from '../media/attachment.js';
import { advanceReceipt } from '../messages/mark-read.js';
import { markPlayed } from '../messages/mark-played.js';
import { ZMessage } from '../messages/message-view.js';
import { sendMessage } from '../messages/send-message.js';
import { ZSealedPage } from '../messages/sealed-view.js';
import { editSealed, reactSealed, sendSealed } from '../messages/sealed-writes.js';
import { LIMITS, ZCaption, ZEmoji, ZMentions } from '../shared/validation.js';
import { toggleReaction } from '../messages/reactions.js';
import { deleteMessage, editMessage } from '../messages/change-message.js';
import { memberProcedure, router } from '../trpc.js';
import { ok, ZOk } from './ok.js';

const ZSeq = z.number().int().min(0);

const ZClientMessageId = z
  .string()
  .min(8)
  .max(64)
  .regex(/^[\w-]+$/, 'Use letters, digits, _ and -');

// 16,000 characters of UTF-8, attachment descriptors and mentions, sealed, with room to spare.
const ZSealed = ZBytes(256 * 1024);

const ZPage = z.object({
  before: ZSeq.optional(),
  after: ZSeq.optional(),
  around: ZSeq.optional(),
  aroundId: z.uuid('Not a message id').optional(),
  limit: z.number().int().min(1).max(100).default(50),
});

function cursorOf(input: z.infer<typeof ZPage>): Cursor {
  if (input.before !== undefined) return { before: input.before };
  if (input.after !== undefined) return { after: input.after };
  if (input.around !== undefined) return { around: input.around };
  if (input.aroundId !== undefined) return { aroundId: input.aroundId };
  return null;
}

export const messagesRouter = router({
  send: memberProcedure
    .input(
      z
        .object({
          clientMessageId: ZClientMessageId,
          /** The caption when attachments are sent; may then be empty. */
          text: ZCaption,
          replyToId: z.uuid().nullish(),
          mentions: ZMentions.optional(),
          /** Descriptors from `POST /media`, at most 10 (an album). */
          attachments: ZAttachments.optional(),
        })
        .refine((input) => input.text.trim() !== '' || (input.attachments?.length ?? 0) > 0, {
          message: 'A message cannot be empty',
          path: ['text'],
        }),
    )
    .output(ZMessage)
    .mutation(({ ctx, input }) =>
      sendMessage(ctx.services, ctx.auth, ctx.member, {
        clientMessageId: input.clientMessageId,
        text: input.text,
        replyToId: input.replyToId ?? null,
        mentions: input.mentions ?? [],
        attachments: input.attachments ?? [],
      }),
    ),

  /** An SDK device's own sealing: the server checks signature, epoch and membership, opens nothing. */
  sendSealed: memberProcedure
    .input(
      z.object({
        deviceId: ZDeviceId,
        clientMessageId: ZClientMessageId,
        epoch: z.number().int().min(0),
        sealed: ZSealed,
        replyToId: z.uuid().nullish(),
        mentions: ZMentions.optional(),
        // Main, thumbnail and rendition of each of up to 10 attachments.
        mediaIds: z
          .array(z.uuid('Not a media id'))
          .max(LIMITS.attachmentsMax * 3)
          .optional(),
      }),
    )
    .output(ZSealedPage)
    .mutation(({ ctx, input }) =>
      sendSealed(ctx.services.db, ctx.auth, ctx.member, {
        ...input,
        replyToId: input.replyToId ?? null,
        mentions: input.mentions ?? [],
        mediaIds: input.mediaIds ?? [],
      }),
    ),

  list: memberProcedure
    .input(ZPage)
    .output(z.object({ messages: z.array(ZMessage), hasOlder: z.boolean(), hasNewer: z.boolean() }))
    .query(({ ctx, input }) =>
      listMessages(ctx.services, ctx.auth, ctx.member, cursorOf(input), input.limit),
    ),

  /** The same page still sealed, for SDK devices to open themselves. */
  listSealed: memberProcedure
    .input(ZPage)
    .output(ZSealedPage.extend({ hasOlder: z.boolean(), hasNewer: z.boolean() }))
    .query(({ ctx, input }) =>
      listSealedMessages(ctx.services.db, ctx.member, cursorOf(input), input.limit),
    ),

  /** The caller's client has received messages up to `seq` (the "delivered" tick). */
  markDelivered: memberProcedure
    .input(z.object({ seq: ZSeq }))
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      await advanceReceipt(ctx.services.db, ctx.auth.userId, ctx.member, 'delivered', input.seq);
      return ok;
    }),

  /** The caller has seen messages up to `seq` (read implies delivered). */
  markRead: memberProcedure
    .input(z.object({ seq: ZSeq }))
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      await advanceReceipt(ctx.services.db, ctx.auth.userId, ctx.member, 'read', input.seq);
      return ok;
    }),

  edit: memberProcedure
    .input(
      z.object({
        messageId: z.uuid('Not a message id'),
        /** May be empty for a message with files (their caption is removed). */
        text: ZCaption,
        mentions: ZMentions.optional(),
      }),
    )
    .output(ZMessage)
    .mutation(({ ctx, input }) => editMessage(ctx.services, ctx.auth, ctx.member, input)),

  /** The caller's own message sealed again by their SDK device under its epoch and clientMessageId. */
  editSealed: memberProcedure
    .input(
      z.object({
        messageId: z.uuid('Not a message id'),
        deviceId: ZDeviceId,
        sealed: ZSealed,
        mentions: ZMentions.default([]),
      }),
    )
    .output(ZSealedPage)
    .mutation(({ ctx, input }) => editSealed(ctx.services.db, ctx.auth, ctx.member, input)),

  /** Deletes the caller's own message for everyone. */
  delete: memberProcedure
    .input(z.object({ messageId: z.uuid('Not a message id') }))
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      await deleteMessage(ctx.services, ctx.auth, ctx.member, input.messageId);
      return ok;
    }),

  /** The caller has played this voice message (idempotent: the first time is kept). */
  markPlayed: memberProcedure
    .input(z.object({ messageId: z.uuid('Not a message id') }))
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      await markPlayed(ctx.services.db, ctx.auth.userId, ctx.member, input.messageId);
      return ok;
    }),

  /** The caller's whole reaction set on the message, sealed by their SDK device (null: none). */
  reactSealed: memberProcedure
    .input(
      z.object({
        messageId: z.uuid('Not a message id'),
        deviceId: ZDeviceId,
        sealed: ZBytes(4096).nullable(),
      }),
    )
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      await reactSealed(ctx.services.db, ctx.auth, ctx.member, input);
      return ok;
    }),

  /** Adds the emoji to the caller's reactions on the message, or takes it away. */
  react: memberProcedure
    .input(z.object({ messageId: z.uuid('Not a message id'), emoji: ZEmoji }))
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      await toggleReaction(ctx.services, ctx.auth, ctx.member, input);
      return ok;
    }),
});
