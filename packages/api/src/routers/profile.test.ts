import { readdir } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbKinds } from '@parley/db/testing';
import { failure, signedUp } from '../test/client.js';
import { fixture } from '../test/fixtures.js';
import { startTestApi, type TestApi } from '../test/harness.js';

/** Every object in the API's local storage, as relative paths. */
async function storedObjects(api: TestApi): Promise<string[]> {
  const root = path.join(api.dataDir, 'media');
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

describe.each(testDbKinds())('profile on %s', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(kind);
  });
  afterAll(() => api.close());

  describe('rules', () => {
    it.each([
      [{ username: 'ab' }, 'username', /at least 3/],
      [{ username: 'a'.repeat(33) }, 'username', /at most 32/],
      [{ username: 'bad-name' }, 'username', /a–z/],
      [{ username: 'émile' }, 'username', /a–z/],
      [{ displayName: '' }, 'displayName', /empty/],
      [{ displayName: 'x'.repeat(65) }, 'displayName', /at most 64/],
      [{ displayName: 'tab\there' }, 'displayName', /control/],
      [{ status: 's'.repeat(141) }, 'status', /at most 140/],
      [{ status: 'bell\u0007' }, 'status', /control/],
    ])('refuses %o naming the field', async (input, field, message) => {
      const { client } = await signedUp(
        api.url,
        `rules_${field}_${Math.random().toString(36).slice(2, 8)}`,
      );
      const result = await failure(client.trpc.profile.update.mutate(input));
      expect(result).toMatchObject({ code: 'BAD_REQUEST', status: 400, data: { field } });
      expect(result.data.fieldErrors?.[field]?.[0]).toMatch(message);
    });

    it('accepts any Unicode but control characters, counting characters not bytes', async () => {
      const { client } = await signedUp(api.url, 'unicode_fan');
      const displayName = '🙂'.repeat(64);
      const status = 'שלום ‮ <script>alert(1)</script> {{7*7}} é';
      const me = await client.trpc.profile.update.mutate({ displayName, status });
      expect(me).toMatchObject({ displayName, status });
    });

    it('changes the username, unique case-insensitively', async () => {
      await signedUp(api.url, 'holder.one');
      const { client } = await signedUp(api.url, 'changing');
      expect(
        await failure(client.trpc.profile.update.mutate({ username: 'HOLDER.one' })),
      ).toMatchObject({ code: 'CONFLICT', data: { field: 'username' } });
      const me = await client.trpc.profile.update.mutate({ username: 'New.Name_1' });
      expect(me.username).toBe('new.name_1');
    });
  });

  describe('picture', () => {
    it('stores a re-encoded square picture and thumbnail without metadata', async () => {
      const { client } = await signedUp(api.url, 'photographer');
      const me = await client.trpc.profile.setPicture.mutate(
        new Blob([await fixture('photo-gps.jpg')]),
      );
      expect(me.picture?.url).toMatch(/^\/media\/avatars\/[0-9a-f]{32}-512\.webp$/);

      const response = await fetch(`${api.url}${me.picture!.url}`);
      expect(response.headers.get('content-type')).toBe('image/webp');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
      expect(meta).toMatchObject({ format: 'webp', width: 512, height: 512 });
      expect(meta.exif).toBeUndefined();
      const thumb = await fetch(`${api.url}${me.picture!.thumbnailUrl}`);
      expect((await sharp(Buffer.from(await thumb.arrayBuffer())).metadata()).width).toBe(96);

      // Replacing the picture removes the old objects; removing it leaves nothing.
      const replaced = await client.trpc.profile.setPicture.mutate(
        new Blob([await fixture('picture.png')]),
      );
      expect(replaced.picture?.url).not.toBe(me.picture?.url);
      expect((await fetch(`${api.url}${me.picture!.url}`)).status).toBe(404);
      expect(await storedObjects(api)).toHaveLength(2);
      expect((await client.trpc.profile.removePicture.mutate()).picture).toBeNull();
      expect(await storedObjects(api)).toEqual([]);
    });

    it.each([
      ['html-named.png', 'BAD_REQUEST'],
      ['script.svg', 'BAD_REQUEST'],
      ['pixel-flood.png', 'BAD_REQUEST'],
    ])('refuses %s with nothing stored', async (name, code) => {
      const { client } = await signedUp(api.url, `refused_${name.replace(/\W/g, '')}`);
      const result = await failure(
        client.trpc.profile.setPicture.mutate(new Blob([await fixture(name)])),
      );
      expect(result).toMatchObject({ code, data: { field: 'picture' } });
      expect((await client.trpc.profile.me.query()).picture).toBeNull();
      expect(await storedObjects(api)).toEqual([]);
    });

    it('refuses a picture over 10 MB with 413 and nothing stored', async () => {
      const { client } = await signedUp(api.url, 'oversized');
      const big = Buffer.concat([await fixture('photo.jpg'), Buffer.alloc(10 * 1024 * 1024)]);
      const result = await failure(client.trpc.profile.setPicture.mutate(new Blob([big])));
      expect(result).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413 });
      expect(await storedObjects(api)).toEqual([]);
    });

    it('needs a signed-in caller', async () => {
      const response = await fetch(`${api.url}/trpc/profile.setPicture`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: await fixture('photo.jpg'),
      });
      expect(response.status).toBe(401);
      expect(await storedObjects(api)).toEqual([]);
    });
  });

  describe('safety numbers', () => {
    it('gives both people the same 60 digits, and another pair other digits', async () => {
      const { client: a, user: aUser } = await signedUp(api.url, 'sn_a');
      const { client: b, user: bUser } = await signedUp(api.url, 'sn_b');
      const { user: cUser } = await signedUp(api.url, 'sn_c');
      const fromA = await a.trpc.users.safetyNumber.query({ userId: bUser.id });
      const fromB = await b.trpc.users.safetyNumber.query({ userId: aUser.id });
      expect(fromA.displayable).toMatch(/^\d{60}$/);
      expect(fromB.displayable).toBe(fromA.displayable);
      const withC = await a.trpc.users.safetyNumber.query({ userId: cUser.id });
      expect(withC.displayable).not.toBe(fromA.displayable);
      expect(
        await failure(
          a.trpc.users.safetyNumber.query({ userId: '00000000-0000-4000-8000-000000000000' }),
        ),
      ).toMatchObject({ code: 'NOT_FOUND', data: { field: 'userId' } });
    });
  });

  describe('user search', () => {
    it('finds people by username prefix or display name, not the caller', async () => {
      const { client } = await signedUp(api.url, 'searcher');
      const { client: target } = await signedUp(api.url, 'grace_hopper');
      await target.trpc.profile.update.mutate({ displayName: 'Rear Admiral Grace' });
      await signedUp(api.url, 'gr_other');

      const byPrefix = await client.trpc.users.search.query({ query: 'grace' });
      expect(byPrefix.map((u) => u.username)).toEqual(['grace_hopper']);
      const byName = await client.trpc.users.search.query({ query: 'admiral' });
      expect(byName.map((u) => u.username)).toEqual(['grace_hopper']);
      expect(await client.trpc.users.search.query({ query: 'searcher' })).toEqual([]);
      // LIKE wildcards typed by a user are literal.
      expect(await client.trpc.users.search.query({ query: '%' })).toEqual([]);
      expect(await failure(client.trpc.users.search.query({ query: ' ' }))).toMatchObject({
        code: 'BAD_REQUEST',
        data: { field: 'query' },
      });
    });
  });
});
