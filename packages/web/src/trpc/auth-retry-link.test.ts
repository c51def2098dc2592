import { createTRPCClient, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import { describe, expect, test } from 'vitest';
import { AuthSession } from '../auth/auth-session.js';
import { apiError } from '../test/api-errors.js';
import { authRetryLink } from './auth-retry-link.js';
import type { AppRouter, TAuthResult } from './types.js';

const user: TAuthResult['user'] = {
  id: 'u1',
  username: 'alice',
  displayName: 'Alice',
  status: '',
  picture: null,
  createdAt: '2026-01-01T00:00:00.000Z',
};
const authResult = (token: string): TAuthResult => ({
  accessToken: token,
  accessTokenExpiresAt: new Date(Date.now() + 900_000).toISOString(),
  sessionId: 's1',
  user,
});

/**
 * Ends the link chain in place of HTTP: answers like an API that accepts only `token-2`, and
 * records the token each call carried.
 */
function apiAccepting(session: AuthSession, seen: string[]): TRPCLink<AppRouter> {
  return () =>
    ({ op }) =>
      observable((observer) => {
        void session.accessToken().then((token) => {
          seen.push(`${op.path}:${token}`);
          if (op.path.startsWith('auth.') || token !== 'token-2') {
            observer.error(apiError('Sign in first', { code: 'UNAUTHORIZED' }));
          } else {
            observer.next({ result: { type: 'data', data: user } });
            observer.complete();
          }
        });
      });
}

function setup(refreshAnswers: (() => Promise<TAuthResult>)[]) {
  const seen: string[] = [];
  let refreshes = 0;
  const session = new AuthSession({
    callRefresh: () => refreshAnswers[refreshes++]?.() ?? Promise.reject(new Error('unexpected')),
    withLock: (fn) => fn(),
    onAuthResult: () => undefined,
  });
  session.signedIn(authResult('token-1'));
  const client = createTRPCClient<AppRouter>({
    links: [authRetryLink(session), apiAccepting(session, seen)],
  });
  return { client, session, seen, refreshes: () => refreshes };
}

describe('authRetryLink', () => {
  test('refreshes once on UNAUTHORIZED and repeats the call with the new token', async () => {
    const { client, seen, refreshes } = setup([() => Promise.resolve(authResult('token-2'))]);
    await expect(client.profile.me.query()).resolves.toEqual(user);
    expect(seen).toEqual(['profile.me:token-1', 'profile.me:token-2']);
    expect(refreshes()).toBe(1);
  });

  test('a second UNAUTHORIZED reaches the caller', async () => {
    const { client, seen } = setup([() => Promise.resolve(authResult('token-3'))]);
    await expect(client.profile.me.query()).rejects.toMatchObject({
      data: { code: 'UNAUTHORIZED' },
    });
    expect(seen).toEqual(['profile.me:token-1', 'profile.me:token-3']);
  });

  test('auth procedures are not retried: their UNAUTHORIZED means wrong credentials', async () => {
    const { client, seen, refreshes } = setup([]);
    await expect(
      client.auth.signIn.mutate({ username: 'alice', password: 'wrong password' }),
    ).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });
    expect(seen).toEqual(['auth.signIn:token-1']);
    expect(refreshes()).toBe(0);
  });

  test('when the refresh is refused the session ends and the error is passed on', async () => {
    const { client, session } = setup([
      () => Promise.reject(apiError('Session revoked', { code: 'UNAUTHORIZED' })),
    ]);
    await expect(client.profile.me.query()).rejects.toMatchObject({
      data: { code: 'UNAUTHORIZED' },
    });
    expect(session.getState().status).toBe('signedOut');
  });
});
