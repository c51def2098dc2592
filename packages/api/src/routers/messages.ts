import { z } from 'zod';
import { listMessages } from '../messages/list-messages.js';
import { advanceReceipt } from '../messages/mark-read.js';
import { ZMessage } from '../messages/message-view.js';
import { sendMessage } from '../messages/send-message.js';
import { ZEmoji, ZMessageText } from '../shared/validation.js';
import { toggleReaction } from '../messages/reactions.js';
import { deleteMessage, editMessage } from '../messages/change-message.js';
import { memberProcedure, router } from '../trpc.js';
import { ok, ZOk } from './ok.js';

const ZSeq = z.number().int().min(0);

export const messagesRouter = router({
  send: memberProcedure
    .input(
      z.object({
        clientMessageId: z
          .string()
          .min(8)
          .max(64)
          .regex(/^[\w-]+$/, 'Use letters, digits, _ and -'),
        text: ZMessageText,
        replyToId: z.uuid().nullish(),
      }),
    )
    .output(ZMessage)
    .mutation(({ ctx, input }) =>
      sendMessage(ctx.services, ctx.auth, ctx.member, {
        clientMessageId: input.clientMessageId,
        text: input.text,
        replyToId: input.replyToId ?? null,
      }),
    ),

  list: memberProcedure
    .input(
      z.object({
        before: ZSeq.optional(),
        after: ZSeq.optional(),
        around: ZSeq.optional(),
        limit: z.number().int().min(1).max(100).default(50),
      }),
    )
    .output(z.object({ messages: z.array(ZMessage), hasOlder: z.boolean(), hasNewer: z.boolean() }))
    .query(({ ctx, input }) => {
      const cursor =
        input.before !== undefined
          ? { before: input.before }
          : input.after !== undefined
            ? { after: input.after }
            : input.around !== undefined
              ? { around: input.around }
              : null;
      return listMessages(ctx.services, ctx.auth, ctx.member, cursor, input.limit);
    }),

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
    .input(z.object({ messageId: z.uuid('Not a message id'), text: ZMessageText }))
    .output(ZMessage)
    .mutation(({ ctx, input }) => editMessage(ctx.services, ctx.auth, ctx.member, input)),

  /** Deletes the caller's own message for everyone. */
  delete: memberProcedure
    .input(z.object({ messageId: z.uuid('Not a message id') }))
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      await deleteMessage(ctx.services, ctx.auth, ctx.member, input.messageId);
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
