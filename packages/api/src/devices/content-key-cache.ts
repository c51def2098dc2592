import type { ContentKeys } from '@parley/crypto';
import { LRUCache } from 'lru-cache';

/**
 * Per API process, the content keys (signing key and epoch keys) of the hosted devices used lately,
 * by user: at most `max` users, each dropped after `idleMs` unused. They are as secret as the hosted
 * devices' state, which the process unseals for every request anyway; keeping them spares reloading
 * that state (a dozen queries) for every message sent or opened. Epoch keys never change, so a kept
 * key is never stale; what it may be used for is still checked on every use (live session, member).
 */
export class ContentKeyCache {
  private readonly byUser: LRUCache<string, ContentKeys>;

  constructor({ max = 10_000, idleMs = 10 * 60_000 } = {}) {
    this.byUser = new LRUCache({ max, ttl: idleMs, updateAgeOnGet: true });
  }

  get(userId: string): ContentKeys | undefined {
    return this.byUser.get(userId);
  }

  set(userId: string, keys: ContentKeys): void {
    this.byUser.set(userId, keys);
  }

  /**
   * Drops a user's keys when no session of theirs may use them any more (signed out everywhere,
   * account deleted). Other processes drop theirs when unused; until then the live-session check
   * on every use keeps them from serving.
   */
  forget(userId: string): void {
    this.byUser.delete(userId);
  }
}
