import { z } from 'zod';
import { signAccessToken } from '../auth/access-token.js';
import { changePassword, deleteAccount, register, signIn } from '../auth/accounts.js';
import { REFRESH_COOKIE, requireCookieJar } from '../auth/refresh-cookie.js';
import { revokeAllSessions, revokeSession, rotateRefreshToken } from '../auth/sessions.js';
import type { Context } from '../context.js';
import { AppError } from '../errors.js';
import { deleteObjects } from '../media/media-cleanup.js';
import { deletePictureObjects } from '../profile/picture.js';
import { getMe, ZMe } from '../profile/me.js';
import { ZDisplayName, ZPassword, ZUsername } from '../shared/validation.js';
import { authedProcedure, publicProcedure, router } from '../trpc.js';
import { ok, ZOk } from './ok.js';

const ZAuthResult = z.object({
  accessToken: z.string(),
  accessTokenExpiresAt: z.string(),
  /** This login's session: `session.revoked` events name it, and `sessions.list` marks it. */
  sessionId: z.string(),
  user: ZMe,
});

/** Sets the refresh cookie and returns a fresh access token with the signed-in user. */
async function authResult(
  ctx: Context,
  session: { userId: string; sessionId: string; refreshToken: string },
) {
  const { config, db } = ctx.services;
  requireCookieJar(ctx.cookies).set(
    REFRESH_COOKIE,
    session.refreshToken,
    config.sessionTtlDays * 86_400,
  );
  const access = signAccessToken(session, config.secrets.jwtSecret, config.accessTokenTtlSeconds);
  return {
    accessToken: access.token,
    accessTokenExpiresAt: access.expiresAt.toISOString(),
    sessionId: session.sessionId,
    user: await getMe(db, session.userId),
  };
}

export const authRouter = router({
  register: publicProcedure
    .input(z.object({ username: ZUsername, password: ZPassword, displayName: ZDisplayName }))
    .output(ZAuthResult)
    .mutation(async ({ ctx, input }) => {
      requireCookieJar(ctx.cookies);
      const session = await register(ctx.services.db, ctx.services.config, input, ctx.client);
      return authResult(ctx, session);
    }),

  signIn: publicProcedure
    // Not the full username rules: a malformed name is simply a wrong one, reported the same way.
    .input(
      z.object({
        username: z.string().trim().toLowerCase().min(1, 'Enter your username').max(64),
        password: z.string().min(1, 'Enter your password').max(1024),
      }),
    )
    .output(ZAuthResult)
    .mutation(async ({ ctx, input }) => {
      requireCookieJar(ctx.cookies);
      const session = await signIn(ctx.services.db, ctx.services.config, input, ctx.client);
      return authResult(ctx, session);
    }),

  refresh: publicProcedure.output(ZAuthResult).mutation(async ({ ctx }) => {
    const cookies = requireCookieJar(ctx.cookies);
    const token = cookies.get(REFRESH_COOKIE);
    if (!token) throw new AppError('UNAUTHORIZED', 'Not signed in');
    try {
      const { config, db } = ctx.services;
      return await authResult(
        ctx,
        await rotateRefreshToken(db, token, ctx.client, {
          ttlDays: config.sessionTtlDays,
          reuseGraceSeconds: config.refreshReuseGraceSeconds,
        }),
      );
    } catch (error) {
      if (error instanceof AppError && error.code === 'UNAUTHORIZED') cookies.clear(REFRESH_COOKIE);
      throw error;
    }
  }),

  signOut: authedProcedure.output(ZOk).mutation(async ({ ctx }) => {
    await revokeSession(ctx.services.db, ctx.auth.userId, ctx.auth.sessionId);
    ctx.cookies?.clear(REFRESH_COOKIE);
    return ok;
  }),

  signOutEverywhere: authedProcedure.output(ZOk).mutation(async ({ ctx }) => {
    await revokeAllSessions(ctx.services.db, ctx.auth.userId);
    ctx.services.contentKeys.forget(ctx.auth.userId);
    ctx.cookies?.clear(REFRESH_COOKIE);
    return ok;
  }),

  changePassword: authedProcedure
    .input(z.object({ currentPassword: z.string().min(1).max(1024), newPassword: ZPassword }))
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      await changePassword(ctx.services.db, ctx.services.config, ctx.auth, input);
      return ok;
    }),

  deleteAccount: authedProcedure
    .input(z.object({ password: z.string().min(1).max(1024) }))
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      const { pictureKey, mediaKeys } = await deleteAccount(
        ctx.services.db,
        ctx.auth.userId,
        input.password,
      );
      ctx.services.contentKeys.forget(ctx.auth.userId);
      await deletePictureObjects(ctx.services, pictureKey);
      await deleteObjects(ctx.services, mediaKeys);
      ctx.cookies?.clear(REFRESH_COOKIE);
      return ok;
    }),
});
