import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { apiError } from '../test/api-errors.js';
import type { TAuthResult } from '../trpc/types.js';
import { AuthSession, SESSION_ENDED_NOTICE } from './auth-session.js';

const MINUTE = 60_000;
const user: TAuthResult['user'] = {
  id: 'u1',
  username: 'alice',
  displayName: 'Alice',
  status: '',
  picture: null,
  createdAt: '2026-01-01T00:00:00.000Z',
};

let issued = 0;
/** A fresh auth result as `auth.refresh` returns it: a new token valid for 15 minutes. */
function result(): TAuthResult {
  issued += 1;
  const expiresAt = new Date(Date.now() + 15 * MINUTE).toISOString();
  return { accessToken: `token-${issued}`, accessTokenExpiresAt: expiresAt, sessionId: 's1', user };
}

/** The session with a scripted `auth.refresh`: each call takes the next answer. */
function sessionWith(...answers: (() => Promise<TAuthResult>)[]) {
  const calls = { refresh: 0, locked: 0, results: [] as TAuthResult[] };
  const session = new AuthSession({
    callRefresh: () => {
      const answer = answers[calls.refresh] ?? (() => Promise.resolve(result()));
      calls.refresh += 1;
      return answer();
    },
    withLock: (fn) => {
      calls.locked += 1;
      return fn();
    },
    onAuthResult: (r) => calls.results.push(r),
  });
  return { session, calls };
}

const unauthorized = () => Promise.reject(apiError('No session', { code: 'UNAUTHORIZED' }));
const offline = () => Promise.reject(new TypeError('Failed to fetch'));

beforeEach(() => {
  issued = 0;
  vi.useFakeTimers({ now: Date.parse('2026-03-10T12:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('AuthSession', () => {
  test('signs in silently from the refresh cookie, under the cross-tab lock', async () => {
    const { session, calls } = sessionWith();
    expect(session.getState()).toEqual({ status: 'starting' });
    await session.start();
    expect(session.getState()).toEqual({ status: 'signedIn', userId: 'u1' });
    expect(await session.accessToken()).toBe('token-1');
    expect(calls.locked).toBe(1);
    expect(calls.results.map((r) => r.user.id)).toEqual(['u1']);
  });

  test('without a valid cookie the person is simply signed out', async () => {
    const { session } = sessionWith(unauthorized);
    await session.start();
    expect(session.getState()).toEqual({ status: 'signedOut', notice: null });
    expect(await session.accessToken()).toBeNull();
  });

  test('a refused origin is a definite answer too, not a reason to retry forever', async () => {
    const { session, calls } = sessionWith(() =>
      Promise.reject(apiError('Origin not allowed', { code: 'FORBIDDEN' })),
    );
    await session.start();
    expect(session.getState()).toEqual({ status: 'signedOut', notice: null });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls.refresh).toBe(1);
  });

  test('keeps trying while the API is unreachable', async () => {
    const { session, calls } = sessionWith(offline, offline);
    await session.start();
    expect(session.getState()).toEqual({ status: 'unreachable' });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls.refresh).toBe(2);
    expect(session.getState()).toEqual({ status: 'unreachable' });
    await vi.advanceTimersByTimeAsync(2_000);
    expect(session.getState()).toEqual({ status: 'signedIn', userId: 'u1' });
  });

  test('refreshes a minute before the token expires', async () => {
    const { session, calls } = sessionWith();
    await session.start();
    await vi.advanceTimersByTimeAsync(14 * MINUTE - 1);
    expect(calls.refresh).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls.refresh).toBe(2);
    expect(await session.accessToken()).toBe('token-2');
  });

  test('a token about to expire is refreshed before it is handed out', async () => {
    const { session, calls } = sessionWith();
    session.signedIn(result());
    vi.setSystemTime(Date.now() + 14 * MINUTE + 55_000); // timers asleep, e.g. a laptop lid
    expect(await session.accessToken()).toBe('token-2');
    expect(calls.refresh).toBe(1);
  });

  test('concurrent UNAUTHORIZED answers share one refresh', async () => {
    const { session, calls } = sessionWith();
    session.signedIn(result());
    const generation = session.generation;
    const tokens = await Promise.all([
      session.refreshAfter(generation),
      session.refreshAfter(generation),
    ]);
    expect(tokens).toEqual(['token-2', 'token-2']);
    expect(calls.refresh).toBe(1);
    // A request sent before that refresh retries with the new token, without another refresh.
    expect(await session.refreshAfter(generation)).toBe('token-2');
    expect(calls.refresh).toBe(1);
  });

  test('a refused refresh ends the session with a notice', async () => {
    const { session } = sessionWith(unauthorized);
    session.signedIn(result());
    expect(await session.refreshAfter(session.generation)).toBeNull();
    expect(session.getState()).toEqual({ status: 'signedOut', notice: SESSION_ENDED_NOTICE });
  });

  test('a network failure during a refresh keeps the session and retries', async () => {
    const { session, calls } = sessionWith(offline);
    session.signedIn(result());
    expect(await session.refreshAfter(session.generation)).toBeNull();
    expect(session.getState()).toEqual({ status: 'signedIn', userId: 'u1' });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls.refresh).toBe(2);
    expect(await session.accessToken()).toBe('token-2');
  });

  test('signing out stops the refresh timer and forgets the token', async () => {
    const { session, calls } = sessionWith();
    session.signedIn(result());
    session.signedOut();
    await vi.advanceTimersByTimeAsync(30 * MINUTE);
    expect(calls.refresh).toBe(0);
    expect(await session.accessToken()).toBeNull();
  });

  test("knows its login session's id from the token, and forgets it on sign-out", () => {
    const { session } = sessionWith();
    const encode = (part: object) => btoa(JSON.stringify(part)).replace(/=+$/, '');
    const jwt = [encode({ alg: 'HS256' }), encode({ sub: 'u1', sid: 's-42' }), 'sig'].join('.');
    session.signedIn({ ...result(), accessToken: jwt });
    expect(session.sessionId).toBe('s-42');
    session.signedOut();
    expect(session.sessionId).toBeNull();
  });
});
