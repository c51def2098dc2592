import { z } from 'zod';
import type { Db } from '@parley/db';
import {
  getConversation,
  listConversations,
  ZConversation,
  ZConversationSummary,
} from '../conversations/conversation-views.js';
import {
  createGroup,
  MAX_GROUP_MEMBERS,
  openDirect,
} from '../conversations/create-conversation.js';
import { loadMembership } from '../conversations/membership.js';
import { ZGroupTitle, ZUsername } from '../shared/validation.js';
import { authedProcedure, memberProcedure, router } from '../trpc.js';
import { ok, ZOk } from './ok.js';

const conversationFor = async (db: Db, conversationId: string, userId: string) =>
  getConversation(db, await loadMembership(db, conversationId, userId));

export const conversationsRouter = router({
  list: authedProcedure
    .output(z.array(ZConversationSummary))
    .query(({ ctx }) => listConversations(ctx.services, ctx.auth)),

  get: memberProcedure
    .output(ZConversation)
    .query(({ ctx }) => getConversation(ctx.services.db, ctx.member)),

  /** Opens (creating on first use) the direct conversation with a person. */
  openDirect: authedProcedure
    .input(z.object({ username: ZUsername }))
    .output(ZConversation)
    .mutation(async ({ ctx, input }) => {
      const id = await openDirect(ctx.services, ctx.auth, input.username);
      return conversationFor(ctx.services.db, id, ctx.auth.userId);
    }),

  createGroup: authedProcedure
    .input(
      z.object({
        title: ZGroupTitle,
        usernames: z.array(ZUsername).max(MAX_GROUP_MEMBERS - 1),
        shareHistory: z.boolean().default(false),
      }),
    )
    .output(ZConversation)
    .mutation(async ({ ctx, input }) => {
      const id = await createGroup(ctx.services, ctx.auth, input);
      return conversationFor(ctx.services.db, id, ctx.auth.userId);
    }),

  /** Tells the other members, live, that the caller is typing; call it every few seconds while so. */
  typing: memberProcedure.output(ZOk).mutation(async ({ ctx }) => {
    const { conversationId } = ctx.member;
    await ctx.services.events.publishEphemeral(conversationId, ctx.auth.userId, {
      type: 'typing',
      conversationId,
      userId: ctx.auth.userId,
    });
    return ok;
  }),
});
