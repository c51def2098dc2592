import { z } from 'zod';
import { listMessages } from '../messages/list-messages.js';
import { markRead } from '../messages/mark-read.js';
import { ZMessage } from '../messages/message-view.js';
import { sendMessage } from '../messages/send-message.js';
import { LIMITS } from '../shared/validation.js';
import { memberProcedure, router } from '../trpc.js';

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
        text: z
          .string()
          .refine((s) => s.trim().length > 0, 'A message cannot be empty')
          .refine(
            (s) => [...s].length <= LIMITS.messageMax,
            `A message can be at most ${LIMITS.messageMax} characters`,
          ),
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

  markRead: memberProcedure
    .input(z.object({ seq: ZSeq }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await markRead(ctx.services.db, ctx.auth.userId, ctx.member, input.seq);
      return { ok: true as const };
    }),
});
