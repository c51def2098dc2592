import type { Db } from '@parley/db';

/** A transaction handle; domain functions that must join a caller's transaction accept either. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

const UNIQUE_VIOLATION = '23505';

/** Both drivers report SQLSTATE on the error or, when drizzle wraps it, on its cause. */
export function isUniqueViolation(error: unknown): boolean {
  for (let e = error; e instanceof Error || (e && typeof e === 'object'); e = (e as Error).cause) {
    if ((e as { code?: unknown }).code === UNIQUE_VIOLATION) return true;
    if (!(e as Error).cause) break;
  }
  return false;
}

/** Final statements of transactions opened by `transaction`, checked once they have committed. */
const tails = new WeakMap<Tx, Promise<unknown>[]>();

/**
 * `db.transaction`, for transactions whose final statements need no answer before COMMIT: those
 * given to `endWith` go out together with the COMMIT, in one write, and locks they take are held
 * only while PostgreSQL runs them (not until this process has read their answers and sent COMMIT,
 * which under load waits for the event loop). Their outcome is checked after the COMMIT: one that
 * failed turned the COMMIT into a rollback, which PostgreSQL reports without an error.
 */
export async function transaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const tail: Promise<unknown>[] = [];
  let result: T;
  try {
    result = await db.transaction((tx) => {
      tails.set(tx, tail);
      return fn(tx);
    });
  } catch (error) {
    // A failed final statement is the cause of a rolled-back COMMIT (PGlite reports that itself).
    for (const outcome of await Promise.allSettled(tail)) {
      if (outcome.status === 'rejected') throw outcome.reason;
    }
    throw error;
  }
  await Promise.all(tail);
  return result;
}

/**
 * Runs a transaction's final statements (already sent): in a transaction opened by `transaction`,
 * without waiting for them, so the caller returns and the COMMIT follows them at once; elsewhere
 * they are awaited. Nothing may depend on their results.
 */
export async function endWith(tx: Tx, statements: Promise<unknown>[]): Promise<void> {
  const all = Promise.all(statements);
  const tail = tails.get(tx);
  if (!tail) {
    await all;
    return;
  }
  // Observed by `transaction` after the COMMIT; caught here so that it is never unhandled.
  all.catch(() => {});
  tail.push(all);
}
