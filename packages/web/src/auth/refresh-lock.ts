const LOCK_NAME = 'parley-auth-refresh';

/**
 * Runs `fn` while holding a lock shared by every tab of this origin. Refresh tokens rotate on each
 * use and a second use of the old one revokes the whole session family, so two tabs must never
 * refresh at the same moment with the same cookie. Browsers without Web Locks run `fn` directly.
 */
export async function withRefreshLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (!locks) return fn();
  return await locks.request(LOCK_NAME, { mode: 'exclusive' }, fn);
}
