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
