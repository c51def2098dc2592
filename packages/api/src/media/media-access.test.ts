import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { schema } from '@parley/db';
import { testDbKinds } from '@parley/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, signedIn, signedUp, type TestClient } from '../test/client.js';
import { fixture } from '../test/fixtures.js';
import { download, startMediaApi, upload, uploaded, type MediaTestApi } from '../test/media.js';
import type { TAttachment } from './attachment.js';
import { sweepOrphanMedia } from './media-cleanup.js';

const HOUR = 3600 * 1000;

describe.each(testDbKinds())('who may fetch media, and how long it stays, on %s', (dbKind) => {
  let api: MediaTestApi;
  let alice: TestClient;
  let bob: TestClient;
  let carol: TestClient;
  let carolId: string;
  let groupId: string;
  let notes: Buffer;

  beforeAll(async () => {
    api = await startMediaApi(dbKind, 'local', null);
    alice = (await signedUp(api.url, 'ma_alice')).client;
    bob = (await signedUp(api.url, 'ma_bob')).client;
    const signedCarol = await signedUp(api.url, 'ma_carol');
    carol = signedCarol.client;
    carolId = signedCarol.user.id;
    groupId = (
      await alice.trpc.conversations.createGroup.mutate({ title: 'Media', usernames: ['ma_bob'] })
    ).id;
    notes = await fixture('notes.txt');
  });
  afterAll(() => api.close());

  const send = (
    client: TestClient,
    conversationId: string,
    attachments: TAttachment[],
    text = '',
  ) =>
    client.trpc.messages.send.mutate({
      conversationId,
      clientMessageId: randomUUID(),
      text,
      attachments,
    });
  const mediaRows = (mediaId: string) =>
    api.services.db.select().from(schema.media).where(eq(schema.media.id, mediaId));
  const bearer = (client: TestClient, mediaId: string) =>
    download(api.url, `/media/${mediaId}`, { token: client.token! });

  it('lets the uploader and members fetch it, and gives everyone else 404', async () => {
    const attachment = await uploaded(api.url, alice.token, 'file', notes);
    const { mediaId } = attachment;
    // Not yet sent: only its uploader.
    expect((await bearer(alice, mediaId)).status).toBe(200);
    expect((await bearer(bob, mediaId)).status).toBe(404);

    const sent = await send(alice, groupId, [attachment]);
    expect((await bearer(bob, mediaId)).status).toBe(200);
    const nonMember = await bearer(carol, mediaId);
    expect(nonMember.status).toBe(404);
    expect(JSON.parse(nonMember.bytes.toString())).toEqual({
      error: { message: 'Not found', code: 'NOT_FOUND' },
    });
    expect((await download(api.url, `/media/${mediaId}?t=forged`)).status).toBe(404);
    expect(
      (await download(api.url, `/media/${randomUUID()}`, { token: alice.token! })).status,
    ).toBe(404);
    // A ticket names one object: it does not open another.
    const other = await uploaded(api.url, alice.token, 'file', notes);
    const ticket = new URL(sent.attachments[0]!.url, api.url).searchParams.get('t')!;
    expect((await download(api.url, `/media/${other.mediaId}?t=${ticket}`)).status).toBe(404);
    expect((await download(api.url, '/media/not-an-id', { token: alice.token! })).status).toBe(404);
    // No credentials at all.
    expect((await download(api.url, `/media/${mediaId}`)).status).toBe(401);
  });

  it('stops serving a member who left, and a ticket whose session signed out', async () => {
    await alice.trpc.groups.addMembers.mutate({ conversationId: groupId, usernames: ['ma_carol'] });
    const attachment = await uploaded(api.url, alice.token, 'file', notes);
    await send(alice, groupId, [attachment]);
    const page = await carol.trpc.messages.list.query({ conversationId: groupId });
    const carolUrl = page.messages.at(-1)!.attachments[0]!.url;
    expect((await download(api.url, carolUrl)).status).toBe(200);
    await alice.trpc.groups.removeMember.mutate({ conversationId: groupId, userId: carolId });
    expect((await download(api.url, carolUrl)).status).toBe(404);
    expect((await bearer(carol, attachment.mediaId)).status).toBe(404);

    const bob2 = await signedIn(api.url, 'ma_bob');
    const bobPage = await bob2.trpc.messages.list.query({ conversationId: groupId });
    const bobUrl = bobPage.messages.at(-1)!.attachments[0]!.url;
    expect((await download(api.url, bobUrl)).status).toBe(200);
    await bob2.trpc.auth.signOut.mutate();
    expect((await download(api.url, bobUrl)).status).toBe(404);
  });

  it('refuses uploads without a live session or from a foreign origin', async () => {
    expect((await upload(api.url, null, 'file', notes)).status).toBe(401);
    const response = await fetch(`${api.url}/media?kind=file`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', authorization: `Bearer ${alice.token}` },
      body: notes,
    });
    expect(response.status).toBe(403);
    expect((await upload(api.url, alice.token, 'sticker', notes)).body.error).toMatchObject({
      code: 'BAD_REQUEST',
      field: 'kind',
    });
  });

  it("checks every referenced upload is the sender's own, and at most 10 items", async () => {
    const mine = await uploaded(api.url, alice.token, 'file', notes);
    const bobs = await uploaded(api.url, bob.token, 'file', notes);
    const stolen = await failure(send(alice, groupId, [mine, bobs]));
    expect(stolen).toMatchObject({ code: 'NOT_FOUND', data: { field: 'attachments.1' } });
    const wrongSize = await failure(send(alice, groupId, [{ ...mine, size: mine.size + 1 }]));
    expect(wrongSize).toMatchObject({ code: 'NOT_FOUND', data: { field: 'attachments.0' } });
    const tooMany = await failure(send(alice, groupId, Array(11).fill(mine) as TAttachment[]));
    expect(tooMany).toMatchObject({ code: 'BAD_REQUEST', data: { field: 'attachments' } });
    const empty = await failure(send(alice, groupId, []));
    expect(empty).toMatchObject({ code: 'BAD_REQUEST', data: { field: 'text' } });
    // Nothing of the refused sends was linked.
    const links = await api.services.db
      .select()
      .from(schema.messageMedia)
      .where(eq(schema.messageMedia.mediaId, mine.mediaId));
    expect(links).toEqual([]);
  });

  it('keeps files through an edit of the caption, and deletes them with the message', async () => {
    const attachment = await uploaded(api.url, alice.token, 'image', await fixture('photo.jpg'));
    const sent = await send(alice, groupId, [attachment], 'caption');
    const edited = await alice.trpc.messages.edit.mutate({
      conversationId: groupId,
      messageId: sent.id,
      text: '',
    });
    expect(edited.text).toBe('');
    expect(edited.attachments.map((a) => a.id)).toEqual([attachment.mediaId]);
    expect((await download(api.url, edited.attachments[0]!.url)).status).toBe(200);

    const objects = (await api.stored()).size;
    await alice.trpc.messages.delete.mutate({ conversationId: groupId, messageId: sent.id });
    // The image and its thumbnail: rows and objects.
    expect((await api.stored()).size).toBe(objects - 2);
    expect(await mediaRows(attachment.mediaId)).toEqual([]);
    expect((await bearer(alice, attachment.mediaId)).status).toBe(404);
    const page = await bob.trpc.messages.list.query({ conversationId: groupId });
    expect(page.messages.find((m) => m.id === sent.id)!.attachments).toEqual([]);
  });

  it('sweeps uploads never sent once they are old enough, and only those', async () => {
    const orphan = await uploaded(api.url, alice.token, 'file', notes);
    const kept = await uploaded(api.url, alice.token, 'file', notes);
    await send(alice, groupId, [kept]);
    const objects = (await api.stored()).size;
    expect(await sweepOrphanMedia(api.services)).toBe(0);
    const later = new Date(Date.now() + api.services.config.media.orphanAgeMs + HOUR);
    expect(await sweepOrphanMedia(api.services, later)).toBeGreaterThanOrEqual(1);
    expect((await bearer(alice, orphan.mediaId)).status).toBe(404);
    expect((await bearer(alice, kept.mediaId)).status).toBe(200);
    expect((await api.stored()).size).toBeLessThan(objects);
    expect(await mediaRows(orphan.mediaId)).toEqual([]);
  });

  it("deletes a deleted account's uploads, rows and objects", async () => {
    const { client: dave } = await signedUp(api.url, 'ma_dave');
    const upload = await uploaded(api.url, dave.token, 'image', await fixture('photo.jpg'));
    const objects = (await api.stored()).size;
    await dave.trpc.auth.deleteAccount.mutate({ password: 'correct horse battery' });
    expect((await api.stored()).size).toBe(objects - 2);
    expect(await mediaRows(upload.mediaId)).toEqual([]);
  });

  it('marks a voice message played per listener', async () => {
    const voice = await uploaded(api.url, alice.token, 'voice', await fixture('voice.m4a'));
    expect(voice.rendition).toBeUndefined();
    const sent = await send(alice, groupId, [voice]);
    expect(sent.playedAt).toBeNull();
    await bob.trpc.messages.markPlayed.mutate({ conversationId: groupId, messageId: sent.id });
    await bob.trpc.messages.markPlayed.mutate({ conversationId: groupId, messageId: sent.id });
    const bobs = await bob.trpc.messages.list.query({ conversationId: groupId });
    expect(bobs.messages.find((m) => m.id === sent.id)!.playedAt).not.toBeNull();
    const alices = await alice.trpc.messages.list.query({ conversationId: groupId });
    expect(alices.messages.find((m) => m.id === sent.id)!.playedAt).toBeNull();
    const outsider = await failure(
      carol.trpc.messages.markPlayed.mutate({ conversationId: groupId, messageId: sent.id }),
    );
    expect(outsider.code).toBe('NOT_FOUND');
  });
});
