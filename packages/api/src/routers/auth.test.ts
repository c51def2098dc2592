import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbKinds } from '@parley/db/testing';
import { REFRESH_COOKIE } from '../auth/refresh-cookie.js';
import { failure, signedIn, signedUp, testClient } from '../test/client.js';
import { startTestApi, type TestApi } from '../test/harness.js';

describe.each(testDbKinds())('auth on %s', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(kind, {
      signInThrottle: { windowSeconds: 900, perUsername: 3, perIp: 1000 },
    });
  });
  afterAll(() => api.close());

  it('registers, signs in and reaches its profile', async () => {
    const { client, user } = await signedUp(api.url, 'Ada_Lovelace');
    expect(user.username).toBe('ada_lovelace');
    expect(client.cookies.get(REFRESH_COOKIE)).toMatch(/^[\w-]{43}$/);
    expect((await client.trpc.profile.me.query()).id).toBe(user.id);

    const other = testClient(api.url);
    const signedIn = await other.trpc.auth.signIn.mutate({
      username: 'ADA_lovelace',
      password: 'correct horse battery',
    });
    expect(signedIn.user.id).toBe(user.id);
    other.token = signedIn.accessToken;
    const current = (await other.trpc.sessions.list.query()).find((s) => s.current);
    expect(current?.id).toBe(signedIn.sessionId);
  });

  it('sets the refresh cookie httpOnly, SameSite=Strict and scoped to /trpc', async () => {
    const response = await fetch(`${api.url}/trpc/auth.register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username: 'cookie_check',
        password: 'long enough pw',
        displayName: 'C',
      }),
    });
    const [cookie] = response.headers.getSetCookie();
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/trpc/);
    expect(cookie).not.toMatch(/Secure/); // plain HTTP here; the HTTPS test checks Secure
  });

  it('marks the cookie Secure behind a trusted HTTPS proxy', async () => {
    const response = await fetch(`${api.url}/trpc/auth.register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ username: 'proxied', password: 'long enough pw', displayName: 'P' }),
    });
    expect(response.headers.getSetCookie()[0]).toMatch(/; Secure/);
  });

  it('refuses an account with a taken username, case-insensitively, naming the field', async () => {
    await signedUp(api.url, 'taken.name');
    const result = await failure(
      testClient(api.url).trpc.auth.register.mutate({
        username: 'Taken.Name',
        password: 'another password',
        displayName: 'Imposter',
      }),
    );
    expect(result).toMatchObject({ code: 'CONFLICT', status: 409, data: { field: 'username' } });
  });

  it('rotates the refresh token and revokes the whole family when an old one is reused', async () => {
    const { client } = await signedUp(api.url, 'rotator');
    const first = client.cookies.get(REFRESH_COOKIE)!;
    const refreshed = await client.trpc.auth.refresh.mutate();
    const second = client.cookies.get(REFRESH_COOKIE)!;
    expect(second).not.toBe(first);
    client.token = refreshed.accessToken;
    expect((await client.trpc.profile.me.query()).username).toBe('rotator');

    // An attacker replays the first (already rotated) token.
    const thief = testClient(api.url);
    thief.cookies.set(REFRESH_COOKIE, first);
    expect(await failure(thief.trpc.auth.refresh.mutate())).toMatchObject({ code: 'UNAUTHORIZED' });

    // The legitimate holder's newer token and access token are dead too: the session is gone.
    expect(await failure(client.trpc.profile.me.query())).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await failure(client.trpc.auth.refresh.mutate())).toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });

  it('gives a just-rotated token a successor within the grace period instead of revoking', async () => {
    const lenient = await startTestApi(kind, { refreshReuseGraceSeconds: 60 });
    try {
      const { client } = await signedUp(lenient.url, 'reloader');
      const first = client.cookies.get(REFRESH_COOKIE)!;
      await client.trpc.auth.refresh.mutate();
      // A tab reloaded mid-refresh presents the old cookie again.
      const reloaded = testClient(lenient.url);
      reloaded.cookies.set(REFRESH_COOKIE, first);
      reloaded.token = (await reloaded.trpc.auth.refresh.mutate()).accessToken;
      expect((await reloaded.trpc.profile.me.query()).username).toBe('reloader');
      // The other holder's session goes on too.
      client.token = (await client.trpc.auth.refresh.mutate()).accessToken;
      expect((await client.trpc.profile.me.query()).username).toBe('reloader');
    } finally {
      await lenient.close();
    }
  });

  it('refuses refresh without a cookie or with a made-up one', async () => {
    expect(await failure(testClient(api.url).trpc.auth.refresh.mutate())).toMatchObject({
      code: 'UNAUTHORIZED',
    });
    const forger = testClient(api.url);
    forger.cookies.set(REFRESH_COOKIE, 'x'.repeat(43));
    expect(await failure(forger.trpc.auth.refresh.mutate())).toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });

  it('signs out one session, and signs out everywhere', async () => {
    const { client: laptop } = await signedUp(api.url, 'twodevices');
    const phone = await signedIn(api.url, 'twodevices');
    expect(await laptop.trpc.sessions.list.query()).toHaveLength(2);

    await phone.trpc.auth.signOut.mutate();
    expect(phone.cookies.has(REFRESH_COOKIE)).toBe(false);
    expect(await failure(phone.trpc.profile.me.query())).toMatchObject({ code: 'UNAUTHORIZED' });
    const sessions = await laptop.trpc.sessions.list.query();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.current).toBe(true);

    await laptop.trpc.auth.signOutEverywhere.mutate();
    expect(await failure(laptop.trpc.profile.me.query())).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('lists sessions with this one marked and revokes another', async () => {
    const { client: a } = await signedUp(api.url, 'lister');
    const b = await signedIn(api.url, 'lister');
    const list = await a.trpc.sessions.list.query();
    const other = list.find((s) => !s.current)!;
    expect(list.filter((s) => s.current)).toHaveLength(1);
    await a.trpc.sessions.revoke.mutate({ sessionId: other.id });
    expect(await failure(b.trpc.profile.me.query())).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await failure(b.trpc.auth.refresh.mutate())).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it("does not let one user's session act for another", async () => {
    const { client: alice } = await signedUp(api.url, 'alice_a');
    const { client: bob } = await signedUp(api.url, 'bob_b');
    const [bobSession] = await bob.trpc.sessions.list.query();
    expect(
      await failure(alice.trpc.sessions.revoke.mutate({ sessionId: bobSession!.id })),
    ).toMatchObject({ code: 'NOT_FOUND', data: { field: 'sessionId' } });
    expect(await bob.trpc.profile.me.query()).toMatchObject({ username: 'bob_b' });
    await alice.trpc.profile.update.mutate({ status: 'mine' });
    expect((await bob.trpc.profile.me.query()).status).toBe('');
  });

  it('changes the password, signing out other sessions', async () => {
    const { client, password } = await signedUp(api.url, 'changer');
    const other = await signedIn(api.url, 'changer', password);

    expect(
      await failure(
        client.trpc.auth.changePassword.mutate({
          currentPassword: 'wrong one',
          newPassword: 'new pass 123',
        }),
      ),
    ).toMatchObject({ code: 'FORBIDDEN', data: { field: 'currentPassword' } });
    await client.trpc.auth.changePassword.mutate({
      currentPassword: password,
      newPassword: 'new pass 123',
    });

    expect(await failure(other.trpc.profile.me.query())).toMatchObject({ code: 'UNAUTHORIZED' });
    expect((await client.trpc.profile.me.query()).username).toBe('changer');
    const fresh = testClient(api.url);
    await expect(
      fresh.trpc.auth.signIn.mutate({ username: 'changer', password }),
    ).rejects.toThrow();
    await fresh.trpc.auth.signIn.mutate({ username: 'changer', password: 'new pass 123' });
  });

  it('deletes the account only with its password', async () => {
    const { client, password } = await signedUp(api.url, 'leaver');
    expect(
      await failure(client.trpc.auth.deleteAccount.mutate({ password: 'not it at all' })),
    ).toMatchObject({ code: 'FORBIDDEN', data: { field: 'password' } });
    await client.trpc.auth.deleteAccount.mutate({ password });
    expect(await failure(client.trpc.profile.me.query())).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(
      await failure(testClient(api.url).trpc.auth.signIn.mutate({ username: 'leaver', password })),
    ).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  describe('access tokens', () => {
    const secret = () => api.services.config.secrets.jwtSecret;
    async function callWith(token: string) {
      const client = testClient(api.url);
      client.token = token;
      return failure(client.trpc.profile.me.query());
    }

    it('refuses alg: none, a wrong key, and an expired token', async () => {
      const { user, client } = await signedUp(api.url, 'tokens');
      const [session] = await client.trpc.sessions.list.query();
      const claims = { sid: session!.id };
      const options = { subject: user.id, issuer: 'parley', audience: 'parley-api' };
      const none = jwt.sign(claims, '', { ...options, algorithm: 'none' });
      const wrongKey = jwt.sign(claims, 'a-different-secret-of-enough-length!!', options);
      const expired = jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 }, secret(), {
        subject: user.id,
        issuer: 'parley',
        audience: 'parley-api',
      });
      const valid = jwt.sign(claims, secret(), { ...options, expiresIn: 60 });

      expect(await callWith(none)).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
      expect(await callWith(wrongKey)).toMatchObject({ code: 'UNAUTHORIZED' });
      expect(await callWith(expired)).toMatchObject({ code: 'UNAUTHORIZED', message: /expired/ });
      const ok = testClient(api.url);
      ok.token = valid;
      expect((await ok.trpc.profile.me.query()).id).toBe(user.id);
    });
  });

  describe('sign-in throttling', () => {
    it('answers 429 with Retry-After after repeated failures, the same for unknown users', async () => {
      await signedUp(api.url, 'target');
      const attempt = (username: string, password: string) =>
        fetch(`${api.url}/trpc/auth.signIn`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username, password }),
        });

      for (const username of ['target', 'nobody_here']) {
        const statuses: number[] = [];
        const bodies: string[] = [];
        for (let i = 0; i < 3; i++) {
          const response = await attempt(username, 'wrong password');
          statuses.push(response.status);
          bodies.push(((await response.json()) as { error: { message: string } }).error.message);
        }
        expect(statuses).toEqual([401, 401, 401]);
        expect(new Set(bodies)).toEqual(new Set(['Invalid username or password']));
        const limited = await attempt(username, 'wrong password');
        expect(limited.status).toBe(429);
        expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      // The right password is refused as well while the lock lasts.
      expect((await attempt('target', 'correct horse battery')).status).toBe(429);
    });

    it('limits per IP across usernames', async () => {
      const strict = await startTestApi(kind, {
        signInThrottle: { windowSeconds: 900, perUsername: 100, perIp: 2 },
      });
      try {
        const client = testClient(strict.url);
        for (const name of ['one', 'two']) {
          expect(
            await failure(client.trpc.auth.signIn.mutate({ username: name, password: 'x' })),
          ).toMatchObject({ code: 'UNAUTHORIZED' });
        }
        expect(
          await failure(client.trpc.auth.signIn.mutate({ username: 'three', password: 'x' })),
        ).toMatchObject({ code: 'TOO_MANY_REQUESTS', status: 429 });
      } finally {
        await strict.close();
      }
    });
  });
});
