import { inArray, sql } from 'drizzle-orm';
import { schema } from '@parley/db';
import type { ThrottleLimits } from '../config.js';
import type { DbOrTx } from '../db/transaction.js';
import { AppError } from '../errors.js';

const { authFailures } = schema;

/** Failed sign-ins are counted per username and per client IP, in fixed windows. */
export function throttleKeys(username: string, ip: string | null) {
  return { user: `user:${username}`, ip: ip ? `ip:${ip}` : null };
}

type Keys = ReturnType<typeof throttleKeys>;

export async function assertSignInAllowed(db: DbOrTx, keys: Keys, limits: ThrottleLimits) {
  const rows = await db
    .select()
    .from(authFailures)
    .where(inArray(authFailures.key, [keys.user, ...(keys.ip ? [keys.ip] : [])]));
  const now = Date.now();
  let retryAfterMs = 0;
  for (const row of rows) {
    const limit = row.key === keys.user ? limits.perUsername : limits.perIp;
    const windowEnd = row.windowStart.getTime() + limits.windowSeconds * 1000;
    if (row.count >= limit && windowEnd > now)
      retryAfterMs = Math.max(retryAfterMs, windowEnd - now);
  }
  if (retryAfterMs > 0) {
    const seconds = Math.ceil(retryAfterMs / 1000);
    throw new AppError(
      'TOO_MANY_REQUESTS',
      `Too many failed sign-in attempts. Try again in ${Math.ceil(seconds / 60)} minute(s).`,
      undefined,
      seconds,
    );
  }
}

export async function recordSignInFailure(db: DbOrTx, keys: Keys, limits: ThrottleLimits) {
  const expired = sql`${authFailures.windowStart} < now() - make_interval(secs => ${limits.windowSeconds})`;
  for (const key of [keys.user, keys.ip]) {
    if (!key) continue;
    await db
      .insert(authFailures)
      .values({ key, windowStart: new Date(), count: 1 })
      .onConflictDoUpdate({
        target: authFailures.key,
        set: {
          count: sql`case when ${expired} then 1 else ${authFailures.count} + 1 end`,
          windowStart: sql`case when ${expired} then now() else ${authFailures.windowStart} end`,
        },
      });
  }
}

/** A successful sign-in clears its username's count; the IP's count stays, against password spraying. */
export async function clearSignInFailures(db: DbOrTx, keys: Keys) {
  await db.delete(authFailures).where(inArray(authFailures.key, [keys.user]));
}
