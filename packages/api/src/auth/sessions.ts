import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, desc, eq, gt, isNull, lt, ne, sql, type SQL } from 'drizzle-orm';
import { schema } from '@parley/db';
import { anyOf } from '../db/any-of.js';
import { batchLoads } from '../db/batch-loads.js';
import type { DbOrTx } from '../db/transaction.js';
import { wrapForSession } from '../devices/hosted-device.js';
import { AppError } from '../errors.js';
import type { Secrets } from '../secrets.js';
import { recordEvents } from '../events/record-events.js';

const { sessions, refreshTokens } = schema;

export interface ClientMeta {
  userAgent: string | null;
  ip: string | null;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');
const expiryFrom = (ttlDays: number) => new Date(Date.now() + ttlDays * 86_400_000);

async function issueRefreshToken(db: DbOrTx, sessionId: string): Promise<string> {
  const token = newToken();
  await db.insert(refreshTokens).values({ sessionId, tokenHash: hashToken(token) });
  return token;
}

/**
 * Starts a session. The account key is stored wrapped under the master key for the session's life,
 * so the hosted device can be opened by any API process while the session lasts, and never after.
 */
export async function startSession(
  db: DbOrTx,
  userId: string,
  meta: ClientMeta,
  options: { ttlDays: number; accountKey: Uint8Array; secrets: Secrets },
): Promise<{ sessionId: string; refreshToken: string }> {
  const id = randomUUID();
  await db.insert(sessions).values({
    id,
    userId,
    userAgent: meta.userAgent,
    ip: meta.ip,
    expiresAt: expiryFrom(options.ttlDays),
    accountKeyByMaster: wrapForSession(options.accountKey, id, options.secrets),
  });
  return { sessionId: id, refreshToken: await issueRefreshToken(db, id) };
}

const SESSION_ENDED = 'Your session has ended; sign in again';

/**
 * Exchanges a refresh token for its successor. A token is good once: presenting a rotated token means
 * two parties hold it, so the whole session (every token descended from that sign-in) is revoked.
 * Within `reuseGraceSeconds` of its rotation a token still gets a successor instead: a browser tab
 * reloaded while its refresh was in flight never stored the new cookie and must not be signed out.
 */
export async function rotateRefreshToken(
  db: DbOrTx,
  token: string,
  meta: ClientMeta,
  options: { ttlDays: number; reuseGraceSeconds: number },
): Promise<{ userId: string; sessionId: string; refreshToken: string }> {
  const tokenHash = hashToken(token);
  const result = await db.transaction(async (tx) => {
    // The conditional update is the atomic "use once": of two concurrent uses, one gets the row.
    const [fresh] = await tx
      .update(refreshTokens)
      .set({ rotatedAt: new Date() })
      .where(and(eq(refreshTokens.tokenHash, tokenHash), isNull(refreshTokens.rotatedAt)))
      .returning({ sessionId: refreshTokens.sessionId });
    let sessionId = fresh?.sessionId;
    if (!sessionId) {
      const [reused] = await tx
        .select({ sessionId: refreshTokens.sessionId, rotatedAt: refreshTokens.rotatedAt })
        .from(refreshTokens)
        .where(eq(refreshTokens.tokenHash, tokenHash));
      if (!reused) return null;
      const age = Date.now() - (reused.rotatedAt?.getTime() ?? 0);
      if (age > options.reuseGraceSeconds * 1000) {
        await revokeWhere(tx, eq(sessions.id, reused.sessionId));
        return null;
      }
      sessionId = reused.sessionId;
    }
    const [session] = await tx
      .update(sessions)
      .set({ lastUsedAt: new Date(), expiresAt: expiryFrom(options.ttlDays), ...meta })
      .where(
        and(
          eq(sessions.id, sessionId),
          isNull(sessions.revokedAt),
          gt(sessions.expiresAt, new Date()),
        ),
      )
      .returning({ id: sessions.id, userId: sessions.userId });
    if (!session) return null;
    return {
      userId: session.userId,
      sessionId: session.id,
      refreshToken: await issueRefreshToken(tx, session.id),
    };
  });
  // Thrown after the transaction so that a family revocation above is committed.
  if (!result) throw new AppError('UNAUTHORIZED', SESSION_ENDED);
  return result;
}

const TOUCH_INTERVAL_MS = 60_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The live sessions among `ids` (not signed out, revoked or expired), with their users. Also
 * records activity, at most once a minute, for the sessions list.
 */
async function liveSessions(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
  // A malformed id would fail the query, and with it every check of the batch.
  const wellFormed = ids.filter((id) => UUID.test(id));
  if (wellFormed.length === 0) return new Map();
  const rows = await db
    .select({ id: sessions.id, userId: sessions.userId, lastUsedAt: sessions.lastUsedAt })
    .from(sessions)
    .where(
      and(
        anyOf(sessions.id, wellFormed),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, new Date()),
      ),
    );
  const idle = rows
    .filter((s) => Date.now() - s.lastUsedAt.getTime() > TOUCH_INTERVAL_MS)
    .map((s) => s.id);
  if (idle.length > 0) {
    await db
      .update(sessions)
      .set({ lastUsedAt: new Date() })
      .where(
        and(anyOf(sessions.id, idle), lt(sessions.lastUsedAt, sql`now() - interval '1 minute'`)),
      );
  }
  return new Map(rows.map((s) => [s.id, s.userId]));
}

/** Per database handle, checks made together go as one query (see batchLoads). */
const sessionChecks = new WeakMap<DbOrTx, (sessionId: string) => Promise<string | undefined>>();

/** Whether the session behind an access token is still live; every authed call asks. */
export async function isSessionLive(
  db: DbOrTx,
  userId: string,
  sessionId: string,
): Promise<boolean> {
  let check = sessionChecks.get(db);
  if (!check) sessionChecks.set(db, (check = batchLoads((ids) => liveSessions(db, ids))));
  return (await check(sessionId)) === userId;
}

export async function listSessions(db: DbOrTx, userId: string, currentSessionId: string) {
  const rows = await db
    .select()
    .from(sessions)
    .where(
      and(
        eq(sessions.userId, userId),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, new Date()),
      ),
    )
    .orderBy(desc(sessions.lastUsedAt));
  return rows.map((s) => ({
    id: s.id,
    createdAt: s.createdAt.toISOString(),
    lastUsedAt: s.lastUsedAt.toISOString(),
    userAgent: s.userAgent,
    ip: s.ip,
    current: s.id === currentSessionId,
  }));
}

/** Revokes the matching live sessions and tells their user's other clients; returns their ids. */
async function revokeWhere(db: DbOrTx, condition: SQL | undefined): Promise<string[]> {
  return db.transaction(async (tx) => {
    const revoked = await tx
      .update(sessions)
      // The session's key wrap goes with it: a revoked session can no longer open the device.
      .set({ revokedAt: new Date(), accountKeyByMaster: null })
      .where(and(condition, isNull(sessions.revokedAt)))
      .returning({ id: sessions.id, userId: sessions.userId });
    await recordEvents(
      tx,
      revoked.map((s) => ({
        userId: s.userId,
        event: { type: 'session.revoked', sessionId: s.id },
      })),
    );
    return revoked.map((s) => s.id);
  });
}

export async function revokeSession(db: DbOrTx, userId: string, sessionId: string): Promise<void> {
  const revoked = await revokeWhere(
    db,
    and(eq(sessions.id, sessionId), eq(sessions.userId, userId)),
  );
  // Someone else's session and a missing one look the same.
  if (revoked.length === 0) throw new AppError('NOT_FOUND', 'No such session', 'sessionId');
}

export async function revokeAllSessions(
  db: DbOrTx,
  userId: string,
  options: { except?: string } = {},
): Promise<void> {
  await revokeWhere(
    db,
    and(eq(sessions.userId, userId), options.except ? ne(sessions.id, options.except) : undefined),
  );
}

/** Throws UNAUTHORIZED unless the token's session is live: every authed call, tRPC or plain HTTP. */
export async function requireLiveSession(db: DbOrTx, auth: { userId: string; sessionId: string }) {
  if (!(await isSessionLive(db, auth.userId, auth.sessionId))) {
    throw new AppError('UNAUTHORIZED', SESSION_ENDED);
  }
}
