import { apiErrorCode } from '../errors/api-error.js';
import type { TAuthResult } from '../trpc/types.js';
import { readJwtPayload } from './jwt-payload.js';
import { isUsable, localExpiry, refreshDelayMs } from './refresh-delay.js';

export type AuthState =
  | { status: 'starting' }
  /** The API could not be reached for the silent sign-in; it is retried. */
  | { status: 'unreachable' }
  | { status: 'signedOut'; notice: string | null }
  | { status: 'signedIn'; userId: string };

export interface AuthSessionDeps {
  /** Calls `auth.refresh` (the refresh cookie rides along) outside the authenticated client. */
  callRefresh(): Promise<TAuthResult>;
  /** Serialises refreshes across tabs (see refresh-lock.ts). */
  withLock<T>(fn: () => Promise<T>): Promise<T>;
  /** Every fresh auth result, e.g. to seed the `profile.me` cache with its user. */
  onAuthResult(result: TAuthResult): void;
}

/** Answers after which the same refresh may work later; no code at all means no API answer. */
const TRANSIENT_CODES = new Set([
  'INTERNAL_SERVER_ERROR',
  'TOO_MANY_REQUESTS',
  'SERVICE_UNAVAILABLE',
  'BAD_GATEWAY',
  'GATEWAY_TIMEOUT',
]);
const RETRY_DELAYS_MS = [1_000, 2_000, 5_000, 10_000, 15_000];
export const SESSION_ENDED_NOTICE = 'Your session has ended. Please sign in again.';

/**
 * Owns the access token. It lives in memory only (never storage, never the DOM); a page load gets
 * one from the httpOnly refresh cookie via `start()`. It is refreshed shortly before expiry, before
 * use when nearly expired, and once when the API answers UNAUTHORIZED (`refreshAfter`).
 */
export class AuthSession {
  #state: AuthState = { status: 'starting' };
  #token: { value: string; expiresAt: number } | null = null;
  /** Increments on every new token, so callers can tell whether a refresh already happened. */
  #generation = 0;
  #inflight: Promise<string | null> | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #failures = 0;
  readonly #listeners = new Set<() => void>();
  readonly #deps: AuthSessionDeps;

  constructor(deps: AuthSessionDeps) {
    this.#deps = deps;
  }

  readonly getState = (): AuthState => this.#state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  get generation(): number {
    return this.#generation;
  }

  /** This login session's id (the token's `sid`), to recognise its own revocation in live events. */
  get sessionId(): string | null {
    const sid = this.#token ? readJwtPayload(this.#token.value)?.sid : null;
    return typeof sid === 'string' ? sid : null;
  }

  /** Silent sign-in from the refresh cookie; retried with backoff while the API is unreachable. */
  async start(): Promise<void> {
    if (this.#state.status === 'signedIn') return;
    await this.#refresh();
  }

  /** Adopts the result of register, sign-in or refresh. */
  signedIn(result: TAuthResult): void {
    const expiresAt = localExpiry(result.accessToken, result.accessTokenExpiresAt, Date.now());
    this.#token = { value: result.accessToken, expiresAt };
    this.#generation += 1;
    this.#failures = 0;
    this.#deps.onAuthResult(result);
    this.#schedule(refreshDelayMs(this.#token.expiresAt, Date.now()));
    this.#setState({ status: 'signedIn', userId: result.user.id });
  }

  /** Forgets the token locally (the server side is the caller's business). */
  signedOut(notice: string | null = null): void {
    this.#token = null;
    this.#generation += 1;
    this.#clearTimer();
    this.#setState({ status: 'signedOut', notice });
  }

  /** A token fit to send now, refreshing first if it is about to expire; null when signed out. */
  async accessToken(): Promise<string | null> {
    if (this.#state.status !== 'signedIn' || !this.#token) return null;
    if (isUsable(this.#token.expiresAt, Date.now())) return this.#token.value;
    return this.#refresh();
  }

  /**
   * After an UNAUTHORIZED answer to a request sent at `generation`: refreshes unless a newer token
   * arrived meanwhile. Returns the token to retry with, or null when the session is over.
   */
  async refreshAfter(generation: number): Promise<string | null> {
    if (this.#state.status !== 'signedIn') return null;
    if (generation !== this.#generation && this.#token) return this.#token.value;
    return this.#refresh();
  }

  /** One refresh at a time in this tab; the lock orders it against other tabs. */
  #refresh(): Promise<string | null> {
    this.#inflight ??= this.#deps
      .withLock(() => this.#deps.callRefresh())
      .then(
        (result) => {
          this.signedIn(result);
          return result.accessToken;
        },
        (error: unknown) => {
          this.#onRefreshFailed(error);
          return null;
        },
      )
      .finally(() => {
        this.#inflight = null;
      });
    return this.#inflight;
  }

  #onRefreshFailed(error: unknown): void {
    const code = apiErrorCode(error);
    if (code !== null && !TRANSIENT_CODES.has(code)) {
      // A definite answer (no or revoked cookie, a refused origin): this session is over.
      const wasSignedIn = this.#state.status === 'signedIn';
      this.signedOut(wasSignedIn ? SESSION_ENDED_NOTICE : null);
      return;
    }
    // Network trouble, a server restart or overload: keep what we have and try again shortly.
    const delay = RETRY_DELAYS_MS[Math.min(this.#failures, RETRY_DELAYS_MS.length - 1)] ?? 15_000;
    this.#failures += 1;
    if (this.#state.status !== 'signedIn') this.#setState({ status: 'unreachable' });
    this.#schedule(delay);
  }

  #schedule(delayMs: number): void {
    this.#clearTimer();
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#refresh();
    }, delayMs);
  }

  #clearTimer(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #setState(state: AuthState): void {
    this.#state = state;
    for (const listener of this.#listeners) listener();
  }
}
