import { initTRPC, TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { Context } from './context.js';
import { AppError } from './errors.js';
import { requireLiveSession } from './auth/sessions.js';
import { loadMembership } from './conversations/membership.js';

type Issue = { path: PropertyKey[]; message: string };
const isInputError = (cause: unknown): cause is { issues: Issue[] } =>
  typeof cause === 'object' &&
  cause !== null &&
  Array.isArray((cause as { issues?: unknown }).issues);

/** Validation issues keyed by field path ("username", "items.2.caption") for forms to show in place. */
function fieldErrors(issues: Issue[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || 'input';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const input =
      error.code === 'BAD_REQUEST' && isInputError(cause) ? fieldErrors(cause.issues) : null;
    const app = cause instanceof AppError ? cause : null;
    const message = input
      ? `Invalid input: ${Object.entries(input)
          .map(([field, messages]) => `${field}: ${messages[0]}`)
          .join('; ')}`
      : error.code === 'INTERNAL_SERVER_ERROR'
        ? 'Something went wrong on our side'
        : shape.message;
    return {
      ...shape,
      message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        fieldErrors: input ?? (app?.field ? { [app.field]: [app.message] } : undefined),
        field: app?.field ?? (input ? Object.keys(input)[0] : undefined),
        retryAfterSeconds: app?.retryAfterSeconds,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Domain code throws AppError; this maps it to the matching tRPC code in one place. */
const mapAppErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: cause.code, message: cause.message, cause });
  }
  return result;
});

export const publicProcedure = t.procedure.use(mapAppErrors);

/** Narrows ctx.auth to a verified token (its session is checked by what builds on it). */
const signedInProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.auth) throw ctx.authError ?? new AppError('UNAUTHORIZED', 'Sign in first');
  return next({ ctx: { auth: ctx.auth } });
});

/** A verified token whose session is still live (not signed out or revoked). */
export const authedProcedure = signedInProcedure.use(async ({ ctx, next }) => {
  await requireLiveSession(ctx.services.db, ctx.auth);
  return next();
});

/**
 * Also loads the caller's membership of `input.conversationId`, together with the session check
 * (one wait, not two); non-members get NOT_FOUND, and an ended session UNAUTHORIZED before that.
 */
export const memberProcedure = signedInProcedure
  .input(z.object({ conversationId: z.uuid('Not a conversation id') }))
  .use(async ({ ctx, input, next }) => {
    const { db } = ctx.services;
    const [session, member] = await Promise.allSettled([
      requireLiveSession(db, ctx.auth),
      loadMembership(db, input.conversationId, ctx.auth.userId),
    ]);
    if (session.status === 'rejected') throw session.reason;
    if (member.status === 'rejected') throw member.reason;
    return next({ ctx: { member: member.value } });
  });
