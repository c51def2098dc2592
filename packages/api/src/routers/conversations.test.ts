import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@parley/db';
import { testDbKinds } from '@parley/db/testing';
import { failure, signedUp, type TestClient } from '../test/client.js';
import { startTestApi, type TestApi } from '../test/harness.js';

const newId = () => randomUUID().replaceAll('-', '');

function send(client: TestClient, conversationId: string, text: string, clientMessageId = newId()) {
  return client.trpc.messages.send.mutate({ conversationId, clientMessageId, text });
}

describe.each(testDbKinds())('conversations and messages on %s', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(kind);
  });
  afterAll(() => api.close());

  it('opens one direct conversation per pair and carries sealed messages both ways', async () => {
    const { client: alice } = await signedUp(api.url, 'cv_alice');
    const { client: bob } = await signedUp(api.url, 'cv_bob');
    const fromAlice = await alice.trpc.conversations.openDirect.mutate({ username: 'cv_bob' });
    const fromBob = await bob.trpc.conversations.openDirect.mutate({ username: 'cv_alice' });
    expect(fromBob.id).toBe(fromAlice.id);
    expect(fromAlice.members.map((m) => m.user.username).sort()).toEqual(['cv_alice', 'cv_bob']);

    const sent = await send(alice, fromAlice.id, 'hello bob 👋');
    expect(sent).toMatchObject({ seq: 1, text: 'hello bob 👋' });
    const reply = await bob.trpc.messages.send.mutate({
      conversationId: fromAlice.id,
      clientMessageId: newId(),
      text: 'hi alice',
      replyToId: sent.id,
    });
    expect(reply).toMatchObject({ seq: 2, replyToId: sent.id });

    const page = await alice.trpc.messages.list.query({ conversationId: fromAlice.id });
    expect(page.messages.map((m) => m.text)).toEqual(['hello bob 👋', 'hi alice']);

    const [summary] = await bob.trpc.conversations.list.query();
    expect(summary).toMatchObject({
      id: fromAlice.id,
      kind: 'direct',
      unreadCount: 1,
      peer: expect.objectContaining({ username: 'cv_alice' }),
      lastMessage: expect.objectContaining({ text: 'hi alice' }),
    });
    await bob.trpc.messages.markRead.mutate({ conversationId: fromAlice.id, seq: 2 });
    expect((await bob.trpc.conversations.list.query())[0]!.unreadCount).toBe(0);
  });

  it('lists every conversation with its own unread count and last visible message', async () => {
    const { client: dee } = await signedUp(api.url, 'cv_list_dee');
    const { client: eli } = await signedUp(api.url, 'cv_list_eli');
    const { client: fay } = await signedUp(api.url, 'cv_list_fay');
    const direct = await dee.trpc.conversations.openDirect.mutate({ username: 'cv_list_eli' });
    const group = await dee.trpc.conversations.createGroup.mutate({
      title: 'List',
      usernames: ['cv_list_eli'],
    });
    const quiet = await fay.trpc.conversations.openDirect.mutate({ username: 'cv_list_eli' });
    await send(dee, direct.id, 'direct one');
    await send(dee, direct.id, 'direct two');
    await send(dee, group.id, 'before fay');
    // Fay joins later, at a new epoch: the group's earlier message is not hers to see or count.
    await dee.trpc.groups.addMembers.mutate({
      conversationId: group.id,
      usernames: ['cv_list_fay'],
    });

    const forEli = await eli.trpc.conversations.list.query();
    expect(
      forEli.map((c) => [c.id, c.unreadCount, c.lastMessage?.text ?? null, c.memberCount]),
    ).toEqual(
      expect.arrayContaining([
        [direct.id, 2, 'direct two', 2],
        [group.id, 1, 'before fay', 3],
        [quiet.id, 0, null, 2],
      ]),
    );
    expect(forEli).toHaveLength(3);
    expect(forEli.find((c) => c.id === quiet.id)!.peer).toMatchObject({ username: 'cv_list_fay' });
    expect(forEli.find((c) => c.id === group.id)!.peer).toBeNull();

    const forFay = await fay.trpc.conversations.list.query();
    expect(forFay.find((c) => c.id === group.id)).toMatchObject({
      unreadCount: 0,
      lastMessage: null,
    });
    await send(dee, group.id, 'after fay');
    expect(
      (await fay.trpc.conversations.list.query()).find((c) => c.id === group.id),
    ).toMatchObject({
      unreadCount: 1,
      lastMessage: expect.objectContaining({ text: 'after fay' }),
    });
  });

  it('keeps delivered and read markers per member, only moving forward', async () => {
    const { client: a } = await signedUp(api.url, 'cv_ticks_a');
    const { client: b, user: bUser } = await signedUp(api.url, 'cv_ticks_b');
    const { id } = await a.trpc.conversations.openDirect.mutate({ username: 'cv_ticks_b' });
    for (const text of ['one', 'two', 'three']) await send(a, id, text);
    const markers = async () => {
      const view = await a.trpc.conversations.get.query({ conversationId: id });
      const member = view.members.find((m) => m.user.id === bUser.id)!;
      return [member.lastDeliveredSeq, member.lastReadSeq];
    };
    await b.trpc.messages.markDelivered.mutate({ conversationId: id, seq: 3 });
    expect(await markers()).toEqual([3, 0]);
    await b.trpc.messages.markRead.mutate({ conversationId: id, seq: 2 });
    expect(await markers()).toEqual([3, 2]);
    await b.trpc.messages.markRead.mutate({ conversationId: id, seq: 1 });
    expect(await markers()).toEqual([3, 2]);
    await b.trpc.messages.markRead.mutate({ conversationId: id, seq: 99 });
    expect(await markers()).toEqual([3, 3]);
  });

  it('toggles sealed emoji reactions per member', async () => {
    const { client: a, user: aUser } = await signedUp(api.url, 'cv_react_a');
    const { client: b, user: bUser } = await signedUp(api.url, 'cv_react_b');
    const { id } = await a.trpc.conversations.openDirect.mutate({ username: 'cv_react_b' });
    const message = await send(a, id, 'react to me');
    const react = (client: TestClient, emoji: string) =>
      client.trpc.messages.react.mutate({ conversationId: id, messageId: message.id, emoji });
    await react(a, '👍');
    await react(b, '👍');
    await react(b, '❤️');
    const reactionsOf = async () =>
      (await a.trpc.messages.list.query({ conversationId: id })).messages[0]!.reactions;
    expect(await reactionsOf()).toEqual([
      { emoji: '👍', userIds: [aUser.id, bUser.id] },
      { emoji: '❤️', userIds: [bUser.id] },
    ]);
    await react(b, '👍');
    expect(await reactionsOf()).toEqual([
      { emoji: '👍', userIds: [aUser.id] },
      { emoji: '❤️', userIds: [bUser.id] },
    ]);
    expect(await failure(react(a, 'lol'))).toMatchObject({
      code: 'BAD_REQUEST',
      data: { field: 'emoji' },
    });
    expect(await failure(react(a, '123'))).toMatchObject({
      code: 'BAD_REQUEST',
      data: { field: 'emoji' },
    });
    const rows = await api.database.db.select().from(schema.reactions);
    expect(rows.some((r) => Buffer.from(r.sealed).includes(Buffer.from('❤️')))).toBe(false);
  });

  it('stores no message text in the database', async () => {
    const { client: a } = await signedUp(api.url, 'cv_rest_a');
    await signedUp(api.url, 'cv_rest_b');
    const { id } = await a.trpc.conversations.openDirect.mutate({ username: 'cv_rest_b' });
    const marker = `MARKER-${newId()}`;
    await send(a, id, `secret ${marker}`);
    const rows = await api.database.db.select().from(schema.messages);
    const events = await api.database.db.select().from(schema.events);
    const stored = Buffer.concat([
      ...rows.map((r) => Buffer.from(r.sealed ?? new Uint8Array())),
      Buffer.from(JSON.stringify(events)),
    ]);
    expect(rows.length).toBeGreaterThan(0);
    expect(stored.includes(Buffer.from(marker))).toBe(false);
  });

  it('returns the same message when a send is retried', async () => {
    const { client } = await signedUp(api.url, 'cv_retry');
    await signedUp(api.url, 'cv_retry_peer');
    const { id } = await client.trpc.conversations.openDirect.mutate({ username: 'cv_retry_peer' });
    const clientMessageId = newId();
    const first = await send(client, id, 'once', clientMessageId);
    const again = await send(client, id, 'once', clientMessageId);
    expect(again).toEqual(first);
    expect((await client.trpc.messages.list.query({ conversationId: id })).messages).toHaveLength(
      1,
    );
  });

  it('takes no seq for a refused reply or mention; the answer is the message as listed', async () => {
    const { client: gil, user: gilUser } = await signedUp(api.url, 'cv_refs_gil');
    const { user: hal } = await signedUp(api.url, 'cv_refs_hal');
    const { user: ivy } = await signedUp(api.url, 'cv_refs_ivy');
    const group = await gil.trpc.conversations.createGroup.mutate({
      title: 'Refs',
      usernames: ['cv_refs_hal'],
    });
    const elsewhere = await gil.trpc.conversations.openDirect.mutate({ username: 'cv_refs_ivy' });
    const first = await send(gil, group.id, 'first');
    const foreign = await send(gil, elsewhere.id, 'not in the group');
    const attempt = (replyToId: string, mentions: string[]) =>
      gil.trpc.messages.send.mutate({
        conversationId: group.id,
        clientMessageId: newId(),
        text: 'second',
        replyToId,
        mentions,
      });
    expect(await failure(attempt(foreign.id, []))).toMatchObject({
      code: 'NOT_FOUND',
      data: { field: 'replyToId' },
    });
    expect(await failure(attempt(first.id, [hal.id, ivy.id]))).toMatchObject({
      code: 'BAD_REQUEST',
      data: { field: 'mentions.1' },
    });
    const clientMessageId = newId();
    const sent = await gil.trpc.messages.send.mutate({
      conversationId: group.id,
      clientMessageId,
      text: 'second',
      replyToId: first.id,
      mentions: [hal.id, hal.id],
    });
    expect(sent).toMatchObject({ seq: 2, replyToId: first.id, mentions: [hal.id] });
    const listed = await gil.trpc.messages.list.query({ conversationId: group.id });
    expect(listed.messages.at(-1)).toEqual(sent);
    const again = await gil.trpc.messages.send.mutate({
      conversationId: group.id,
      clientMessageId,
      text: 'second',
    });
    expect(again).toEqual(sent);
    expect(sent.senderId).toBe(gilUser.id);
  });

  it('orders a group conversation under 20 concurrent senders, and pages both ways', async () => {
    const owner = await signedUp(api.url, 'cv_owner');
    const names = Array.from({ length: 19 }, (_, i) => `cv_m${i + 1}`);
    const others = await Promise.all(names.map((name) => signedUp(api.url, name)));
    const group = await owner.client.trpc.conversations.createGroup.mutate({
      title: 'Team',
      usernames: names,
    });
    expect(group).toMatchObject({ kind: 'group', title: 'Team', myRole: 'owner' });
    expect(group.members).toHaveLength(20);
    const senders = [owner, ...others];
    await Promise.all(senders.map((sender, i) => send(sender.client, group.id, `message ${i}`)));
    await send(owner.client, group.id, 'message 20');
    const all = await others[1]!.client.trpc.messages.list.query({
      conversationId: group.id,
      limit: 100,
    });
    expect(all.messages.map((m) => m.seq)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    expect(new Set(all.messages.map((m) => m.text)).size).toBe(21);

    const reader = others[0]!.client;
    const newest = await reader.trpc.messages.list.query({ conversationId: group.id, limit: 10 });
    expect(newest.messages.map((m) => m.seq)).toEqual([12, 13, 14, 15, 16, 17, 18, 19, 20, 21]);
    expect(newest).toMatchObject({ hasOlder: true, hasNewer: false });
    const older = await reader.trpc.messages.list.query({
      conversationId: group.id,
      before: 12,
      limit: 10,
    });
    expect(older.messages.map((m) => m.seq)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const newer = await reader.trpc.messages.list.query({
      conversationId: group.id,
      after: 18,
      limit: 10,
    });
    expect(newer.messages.map((m) => m.seq)).toEqual([19, 20, 21]);
    expect(newer.hasNewer).toBe(false);
    const around = await reader.trpc.messages.list.query({
      conversationId: group.id,
      around: 5,
      limit: 4,
    });
    expect(around.messages.map((m) => m.seq)).toEqual([4, 5, 6, 7]);
    expect(around).toMatchObject({ hasOlder: true, hasNewer: true });
    // Around a message by id: a quoted message the client has not loaded.
    const fifth = all.messages[4]!;
    const aroundId = await reader.trpc.messages.list.query({
      conversationId: group.id,
      aroundId: fifth.id,
      limit: 4,
    });
    expect(aroundId.messages.map((m) => m.seq)).toEqual([4, 5, 6, 7]);
    const direct = await owner.client.trpc.conversations.openDirect.mutate({ username: 'cv_m1' });
    const elsewhere = await send(owner.client, direct.id, 'not in the group');
    expect(
      await failure(
        reader.trpc.messages.list.query({ conversationId: group.id, aroundId: elsewhere.id }),
      ),
    ).toMatchObject({ code: 'NOT_FOUND', data: { field: 'aroundId' } });
  });

  it('edits and deletes own messages only, for everyone', async () => {
    const { client: a } = await signedUp(api.url, 'cv_edit_a');
    const { client: b } = await signedUp(api.url, 'cv_edit_b');
    const { id } = await a.trpc.conversations.openDirect.mutate({ username: 'cv_edit_b' });
    const original = await send(a, id, 'teh typo');
    const edited = await a.trpc.messages.edit.mutate({
      conversationId: id,
      messageId: original.id,
      text: 'the typo',
    });
    expect(edited).toMatchObject({ id: original.id, seq: 1, text: 'the typo' });
    expect(edited.editedAt).not.toBeNull();
    expect(
      await failure(
        b.trpc.messages.edit.mutate({ conversationId: id, messageId: original.id, text: 'mine' }),
      ),
    ).toMatchObject({ code: 'NOT_FOUND', data: { field: 'messageId' } });
    expect(
      await failure(b.trpc.messages.delete.mutate({ conversationId: id, messageId: original.id })),
    ).toMatchObject({ code: 'NOT_FOUND' });

    await a.trpc.messages.delete.mutate({ conversationId: id, messageId: original.id });
    const [tombstone] = (await b.trpc.messages.list.query({ conversationId: id })).messages;
    expect(tombstone).toMatchObject({ id: original.id, seq: 1, text: null });
    expect(tombstone!.deletedAt).not.toBeNull();
    const [row] = await api.database.db
      .select()
      .from(schema.messages)
      .where(eq(schema.messages.id, original.id));
    expect(row!.sealed).toBeNull();
  });

  it('tells a non-member nothing, not even whether the conversation exists', async () => {
    const { client: a } = await signedUp(api.url, 'cv_private_a');
    await signedUp(api.url, 'cv_private_b');
    const { client: stranger, user: strangerUser } = await signedUp(api.url, 'cv_stranger');
    const { id } = await a.trpc.conversations.openDirect.mutate({ username: 'cv_private_b' });
    const secret = await send(a, id, 'not for strangers');
    for (const conversationId of [id, randomUUID()]) {
      // Thunks, so each call starts only when awaited: no rejection goes unobserved. Every
      // procedure that takes a conversation, for a real one and for one that does not exist.
      const messageId = secret.id;
      const userId = strangerUser.id;
      const calls = [
        () => stranger.trpc.conversations.get.query({ conversationId }),
        () => stranger.trpc.conversations.typing.mutate({ conversationId }),
        () => stranger.trpc.messages.list.query({ conversationId }),
        () => send(stranger, conversationId, 'let me in'),
        () => stranger.trpc.messages.edit.mutate({ conversationId, messageId, text: 'mine now' }),
        () => stranger.trpc.messages.delete.mutate({ conversationId, messageId }),
        () => stranger.trpc.messages.react.mutate({ conversationId, messageId, emoji: '👍' }),
        () => stranger.trpc.messages.markDelivered.mutate({ conversationId, seq: 1 }),
        () => stranger.trpc.messages.markRead.mutate({ conversationId, seq: 1 }),
        () =>
          stranger.trpc.groups.addMembers.mutate({ conversationId, usernames: ['cv_stranger'] }),
        () => stranger.trpc.groups.removeMember.mutate({ conversationId, userId }),
        () => stranger.trpc.groups.leave.mutate({ conversationId }),
        () => stranger.trpc.groups.setRole.mutate({ conversationId, userId, role: 'admin' }),
        () => stranger.trpc.groups.rename.mutate({ conversationId, title: 'Taken over' }),
      ];
      for (const call of calls) {
        expect(await failure(call())).toMatchObject({
          code: 'NOT_FOUND',
          message: 'No such conversation',
          data: { field: 'conversationId' },
        });
      }
    }
    expect(await stranger.trpc.conversations.list.query()).toEqual([]);
    expect((await a.trpc.messages.list.query({ conversationId: id })).messages[0]!.id).toBe(
      secret.id,
    );
  });

  it('refuses bad input with the field named', async () => {
    const { client } = await signedUp(api.url, 'cv_input');
    expect(
      await failure(client.trpc.conversations.openDirect.mutate({ username: 'cv_input' })),
    ).toMatchObject({
      code: 'BAD_REQUEST',
      data: { field: 'username' },
    });
    expect(
      await failure(client.trpc.conversations.openDirect.mutate({ username: 'nobody_x' })),
    ).toMatchObject({
      code: 'NOT_FOUND',
      data: { field: 'username' },
    });
    expect(
      await failure(
        client.trpc.conversations.createGroup.mutate({
          title: 'G',
          usernames: ['cv_input', 'ghost_user'],
        }),
      ),
    ).toMatchObject({ code: 'BAD_REQUEST', data: { field: 'usernames.1' } });
    const { id } = await client.trpc.conversations.createGroup.mutate({
      title: 'Solo',
      usernames: [],
    });
    expect(await failure(send(client, id, '   '))).toMatchObject({ data: { field: 'text' } });
    expect(await failure(send(client, id, 'x'.repeat(16_001)))).toMatchObject({
      data: { field: 'text' },
    });
  });
});
