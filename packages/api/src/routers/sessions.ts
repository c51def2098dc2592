import { z } from 'zod';
import { listSessions, revokeSession } from '../auth/sessions.js';
import { authedProcedure, router } from '../trpc.js';
import { ok, ZOk } from './ok.js';

const ZSession = z.object({
  id: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string(),
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  current: z.boolean(),
});

export const sessionsRouter = router({
  list: authedProcedure
    .output(z.array(ZSession))
    .query(({ ctx }) => listSessions(ctx.services.db, ctx.auth.userId, ctx.auth.sessionId)),

  revoke: authedProcedure
    .input(z.object({ sessionId: z.uuid('Not a session id') }))
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      await revokeSession(ctx.services.db, ctx.auth.userId, input.sessionId);
      return ok;
    }),
});
