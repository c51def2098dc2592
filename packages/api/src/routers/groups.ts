import { z } from 'zod';
import {
  addMembers,
  leave,
  removeMember,
  rename,
  setRole,
} from '../conversations/manage-members.js';
import { MAX_GROUP_MEMBERS } from '../conversations/create-conversation.js';
import { ZGroupTitle, ZUsername } from '../shared/validation.js';
import { memberProcedure, router } from '../trpc.js';
import { ok, ZOk } from './ok.js';

/** Group membership and settings. Each membership change starts a new conversation epoch. */
export const groupsRouter = router({
  addMembers: memberProcedure
    .input(
      z.object({
        usernames: z
          .array(ZUsername)
          .min(1)
          .max(MAX_GROUP_MEMBERS - 1),
      }),
    )
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      await addMembers(ctx.services, ctx.auth, ctx.member, input.usernames);
      return ok;
    }),

  removeMember: memberProcedure
    .input(z.object({ userId: z.uuid() }))
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      await removeMember(ctx.services, ctx.auth, ctx.member, input.userId);
      return ok;
    }),

  leave: memberProcedure.output(ZOk).mutation(async ({ ctx }) => {
    await leave(ctx.services, ctx.auth, ctx.member);
    return ok;
  }),

  setRole: memberProcedure
    .input(z.object({ userId: z.uuid(), role: z.enum(['admin', 'member']) }))
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      await setRole(ctx.services, ctx.member, input.userId, input.role);
      return ok;
    }),

  rename: memberProcedure
    .input(z.object({ title: ZGroupTitle }))
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      await rename(ctx.services, ctx.member, input.title);
      return ok;
    }),
});
