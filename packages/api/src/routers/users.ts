import { z } from 'zod';
import { ZPublicUser } from '../profile/me.js';
import { LIMITS } from '../shared/validation.js';
import { safetyNumberWith } from '../users/safety-number.js';
import { searchUsers } from '../users/search-users.js';
import { authedProcedure, router } from '../trpc.js';

export const usersRouter = router({
  search: authedProcedure
    .input(
      z.object({
        query: z.string().trim().min(1, 'Type a name to search').max(LIMITS.searchQueryMax),
        limit: z.number().int().min(1).max(50).default(20),
      }),
    )
    .output(z.array(ZPublicUser))
    .query(({ ctx, input }) =>
      searchUsers(ctx.services.db, ctx.auth.userId, input.query, input.limit),
    ),

  /** Online / last seen of people who share a conversation with the caller (others are left out). */
  presence: authedProcedure
    .input(z.object({ userIds: z.array(z.uuid()).min(1).max(200) }))
    .output(
      z.array(
        z.object({ userId: z.string(), online: z.boolean(), lastSeenAt: z.string().nullable() }),
      ),
    )
    .query(({ ctx, input }) => ctx.services.presence.of(ctx.auth.userId, input.userIds)),

  /** Digits (12 groups of 5) and QR bytes (base64) to compare with the other person. */
  safetyNumber: authedProcedure
    .input(z.object({ userId: z.uuid('Not a user id') }))
    .output(z.object({ displayable: z.string(), scannable: z.string() }))
    .query(({ ctx, input }) => safetyNumberWith(ctx.services.db, ctx.auth.userId, input.userId)),
});
