import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'node:net';
import { WebSocket } from 'ws';
import { schema } from '@parley/db';
import { PRESENCE_GROUP_MAX, type StreamedEvent } from '../events/event-feed.js';
import type { TMessage } from '../messages/message-view.js';
import { recordEvents } from '../events/record-events.js';
import { testDbKinds } from '@parley/db/testing';
import { authOf, signedIn, signedUp, wsTestClient, type TestClient } from '../test/client.js';
import { startTestApi, TEST_ORIGIN, type TestApi } from '../test/harness.js';

type Received = { id: string; data: { type: string; [k: string]: unknown } };

/** Subscribes to events.stream over a WebSocket, resolving once the server has started it. */
async function subscribe(api: TestApi, client: TestClient, lastEventId?: string) {
  const ws = wsTestClient(api.url, client.token);
  const received: Received[] = [];
  let startedId: string | undefined;
  let ended = false;
  let started = false;
  const waiters: (() => void)[] = [];
  const check = () => waiters.splice(0).forEach((w) => w());
  const subscription = ws.trpc.events.stream.subscribe(lastEventId ? { lastEventId } : undefined, {
    onData: (event) => {
      const item = event as unknown as Received;
      if (item.data.type === 'stream.started') startedId = item.id;
      else received.push(item);
      check();
    },
    onComplete: () => {
      ended = true;
      check();
    },
    onStarted: () => {
      started = true;
      check();
    },
  });
  const until = async (done: () => boolean) => {
    while (!done()) await new Promise<void>((resolve) => waiters.push(resolve));
  };
  await until(() => started);
  return {
    received,
    startedId: () => startedId,
    isEnded: () => ended,
    until,
    count: (n: number) => until(() => received.length >= n),
    async close() {
      subscription.unsubscribe();
      await ws.close();
    },
  };
}

describe.each(testDbKinds())('events.stream on %s', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(kind);
  });
  afterAll(() => api.close());

  it("delivers the caller's own events live, and nobody else's", async () => {
    const { client: alice } = await signedUp(api.url, 'ev_alice');
    const { client: bob } = await signedUp(api.url, 'ev_bob');
    const stream = await subscribe(api, alice);
    try {
      await bob.trpc.profile.update.mutate({ status: 'bob was here' });
      await alice.trpc.profile.update.mutate({ status: 'first' });
      await stream.count(1);
      expect(stream.received.map((e) => e.data)).toEqual([
        expect.objectContaining({
          type: 'profile.updated',
          user: expect.objectContaining({ status: 'first' }),
        }),
      ]);
    } finally {
      await stream.close();
    }
  });

  it('replays exactly the missed events after lastEventId, in order, without duplicates', async () => {
    const { client } = await signedUp(api.url, 'ev_resume');
    const first = await subscribe(api, client);
    await client.trpc.profile.update.mutate({ status: 'seen live' });
    await first.count(1);
    const lastSeen = first.received[0]!.id;
    await first.close();

    for (let i = 1; i <= 50; i++)
      await client.trpc.profile.update.mutate({ status: `missed ${i}` });

    const second = await subscribe(api, client, lastSeen);
    try {
      await second.count(50);
      await client.trpc.profile.update.mutate({ status: 'live again' });
      await second.count(51);
      const statuses = second.received.map((e) => (e.data.user as { status: string }).status);
      expect(statuses).toEqual([
        ...Array.from({ length: 50 }, (_, i) => `missed ${i + 1}`),
        'live again',
      ]);
      const ids = second.received.map((e) => Number(e.id));
      expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
      expect(ids[0]).toBeGreaterThan(Number(lastSeen));
    } finally {
      await second.close();
    }
  });

  it('resumes without a gap a stream that had received nothing but its start', async () => {
    const { client } = await signedUp(api.url, 'ev_quiet');
    const quiet = await subscribe(api, client);
    await quiet.until(() => quiet.startedId() !== undefined);
    const resumeFrom = quiet.startedId()!;
    expect(quiet.received).toEqual([]);
    await quiet.close();

    await client.trpc.profile.update.mutate({ status: 'while away' });
    const back = await subscribe(api, client, resumeFrom);
    try {
      await back.count(1);
      expect((back.received[0]!.data.user as { status: string }).status).toBe('while away');
    } finally {
      await back.close();
    }
  });

  it("ends a session's stream when that session is revoked, after telling it", async () => {
    const { client: laptop } = await signedUp(api.url, 'ev_revoked');
    const phone = await signedIn(api.url, 'ev_revoked');
    const phoneStream = await subscribe(api, phone);
    const laptopStream = await subscribe(api, laptop);
    try {
      const phoneSession = (await laptop.trpc.sessions.list.query()).find((s) => !s.current)!;
      await laptop.trpc.sessions.revoke.mutate({ sessionId: phoneSession.id });
      await phoneStream.until(() => phoneStream.isEnded());
      expect(phoneStream.received.map((e) => e.data)).toEqual([
        { type: 'session.revoked', sessionId: phoneSession.id },
      ]);
      // The laptop hears of it too, and its own stream goes on.
      await laptopStream.count(1);
      await laptop.trpc.profile.update.mutate({ status: 'still here' });
      await laptopStream.count(2);
      expect(laptopStream.isEnded()).toBe(false);
    } finally {
      await phoneStream.close();
      await laptopStream.close();
    }
  });

  it('reaches a subscriber on one API process from a change made through another', async () => {
    const second = await startTestApi(
      kind,
      {},
      {
        database: api.database,
        secrets: api.services.config.secrets,
      },
    );
    try {
      const { client: alice } = await signedUp(api.url, 'ev_two_alice');
      const { client: bob, user: bobUser } = await signedUp(second.url, 'ev_two_bob');
      const stream = await subscribe(api, alice);
      try {
        const { id } = await bob.trpc.conversations.openDirect.mutate({ username: 'ev_two_alice' });
        const sent = await bob.trpc.messages.send.mutate({
          conversationId: id,
          clientMessageId: 'two-process-1',
          text: 'across processes',
        });
        await stream.until(() => stream.received.some((e) => e.data.type === 'message.created'));
        // Alice's process opened the message for her: it comes with its event.
        expect(stream.received.map((e) => e.data)).toContainEqual({
          type: 'message.created',
          conversationId: id,
          messageId: sent.id,
          seq: 1,
          senderId: bobUser.id,
          message: sent,
        });
        const page = await alice.trpc.messages.list.query({ conversationId: id });
        expect(page.messages[0]).toMatchObject({ senderId: bobUser.id, text: 'across processes' });
      } finally {
        await stream.close();
      }
    } finally {
      await second.close();
    }
  });

  it('sends typing to the other members live, untracked and not stored', async () => {
    const { client: alice, user: aliceUser } = await signedUp(api.url, 'ev_typing_a');
    const { client: bob } = await signedUp(api.url, 'ev_typing_b');
    const { id } = await alice.trpc.conversations.openDirect.mutate({ username: 'ev_typing_b' });
    const bobStream = await subscribe(api, bob);
    const aliceStream = await subscribe(api, alice);
    try {
      await alice.trpc.conversations.typing.mutate({ conversationId: id });
      await bobStream.until(() => bobStream.received.some((e) => e.data.type === 'typing'));
      const typing = bobStream.received.find((e) => e.data.type === 'typing')!;
      expect(typing.data).toEqual({ type: 'typing', conversationId: id, userId: aliceUser.id });
      // Ephemeral: its id points back at the last stored event, so resuming replays nothing new.
      expect(typing.id).toMatch(/^\d+:e$/);
      // Alice's own stream gets the next stored event, and never her own typing before it.
      await alice.trpc.profile.update.mutate({ status: 'after typing' });
      await aliceStream.until(() =>
        aliceStream.received.some((e) => e.data.type === 'profile.updated'),
      );
      expect(aliceStream.received.filter((e) => e.data.type === 'typing')).toEqual([]);
      const stored = await api.database.db.select().from(schema.events);
      expect(stored.filter((e) => e.type === 'typing')).toEqual([]);

      // A client that last saw the typing event resumes from the stored event before it.
      const resumed = await subscribe(api, bob, typing.id);
      await alice.trpc.conversations.typing.mutate({ conversationId: id });
      await resumed.count(1);
      expect(resumed.received.map((e) => e.data.type)).toEqual(['typing']);
      await resumed.close();
    } finally {
      await bobStream.close();
      await aliceStream.close();
    }
  });

  it('hands a new text message to every subscribed member with its event, never storing it', async () => {
    const { client: ann } = await signedUp(api.url, 'ev_open_ann');
    const { client: ben } = await signedUp(api.url, 'ev_open_ben');
    const { client: cat } = await signedUp(api.url, 'ev_open_cat');
    const { id } = await ann.trpc.conversations.createGroup.mutate({
      title: 'Opened once',
      usernames: ['ev_open_ben', 'ev_open_cat'],
    });
    const streams = [await subscribe(api, ben), await subscribe(api, cat)];
    try {
      const sent = await ann.trpc.messages.send.mutate({
        conversationId: id,
        clientMessageId: 'opened-once-1',
        text: 'one open for all',
      });
      for (const stream of streams) {
        await stream.until(() => stream.received.some((e) => e.data.type === 'message.created'));
        const created = stream.received.find((e) => e.data.type === 'message.created')!;
        expect(created.data.message).toEqual(sent);
      }
      const stored = await api.database.db.select().from(schema.events);
      const payloads = stored.filter((e) => e.type === 'message.created').map((e) => e.payload);
      expect(payloads.length).toBeGreaterThan(0);
      expect(payloads.every((p) => !('message' in (p as object)))).toBe(true);
      expect(JSON.stringify(payloads)).not.toContain('one open for all');
    } finally {
      await Promise.all(streams.map((s) => s.close()));
    }
  });

  it("hands on the sender's view of a message sent through this process, text only", async () => {
    const { client: dan, user } = await signedUp(api.url, 'ev_handon_dan');
    const viewer = await authOf(dan, user.id);
    const got: StreamedEvent[] = [];
    let arrived = () => {};
    const unsubscribe = api.services.events.subscribe(viewer, (event) => {
      got.push(event);
      arrived();
    });
    try {
      // No such message is stored: only what was offered can come with the events.
      const view = (id: string, attachments: TMessage['attachments'] = []): TMessage => ({
        id,
        conversationId: crypto.randomUUID(),
        seq: 1,
        senderId: user.id,
        senderDeviceId: 1,
        clientMessageId: `handon-${id}`,
        text: 'handed on',
        replyToId: null,
        mentions: [],
        attachments,
        playedAt: null,
        reactions: [],
        createdAt: new Date().toISOString(),
        editedAt: null,
        deletedAt: null,
      });
      const text = view(crypto.randomUUID());
      const file = view(crypto.randomUUID(), [
        {
          id: crypto.randomUUID(),
          kind: 'file',
          name: 'notes.txt',
          mediaType: 'text/plain',
          size: 5,
          url: '/media/ticketed-for-one-session',
        },
      ]);
      const unsent = view(crypto.randomUUID());
      api.services.events.offerSent(text);
      api.services.events.offerSent(file);
      const created = (m: TMessage) => ({
        userId: user.id,
        event: {
          type: 'message.created' as const,
          conversationId: m.conversationId,
          messageId: m.id,
          seq: 1,
          senderId: user.id,
        },
      });
      const all = new Promise<void>((resolve) => {
        arrived = () => got.length >= 3 && resolve();
      });
      await api.database.db.transaction((tx) =>
        recordEvents(tx, [created(text), created(file), created(unsent)]),
      );
      await all;
      const messageOf = (m: TMessage) =>
        got.find((e) => e.event.type === 'message.created' && e.event.messageId === m.id)?.event;
      expect(messageOf(text)).toMatchObject({ message: text });
      expect(messageOf(file)).not.toHaveProperty('message');
      expect(messageOf(unsent)).not.toHaveProperty('message');
    } finally {
      unsubscribe();
    }
  });

  it('tells presence to direct contacts and small groups, not to a large group', async () => {
    const names = Array.from({ length: PRESENCE_GROUP_MAX + 1 }, (_, i) => `ev_big_${i}`);
    const { client: owner, user: ownerUser } = await signedUp(api.url, names[0]!);
    const { client: member } = await signedUp(api.url, names[1]!);
    await Promise.all(names.slice(2).map((name) => signedUp(api.url, name)));
    const { client: friend, user: friendUser } = await signedUp(api.url, 'ev_big_friend');
    await owner.trpc.conversations.createGroup.mutate({ title: 'Big', usernames: names.slice(1) });
    await friend.trpc.conversations.openDirect.mutate({ username: 'ev_big_1' });
    const memberStream = await subscribe(api, member);
    const presenceOf = (userId: string) =>
      memberStream.received.filter((e) => e.data.type === 'presence' && e.data.userId === userId);
    try {
      const ownerStream = await subscribe(api, owner);
      const friendStream = await subscribe(api, friend);
      // Ephemeral notices are dispatched in order: once the friend's arrives, the owner's was handled.
      await memberStream.until(() => presenceOf(friendUser.id).length > 0);
      const ownerId = ownerUser.id;
      expect(presenceOf(ownerId)).toEqual([]);
      // Asking still works for anyone who shares a conversation.
      expect(await member.trpc.users.presence.query({ userIds: [ownerId] })).toEqual([
        { userId: ownerId, online: true, lastSeenAt: null },
      ]);
      await ownerStream.close();
      await friendStream.close();
    } finally {
      await memberStream.close();
    }
  });

  it('does not announce the streams a closing process ends one by one', async () => {
    const second = await startTestApi(
      kind,
      {},
      { database: api.database, secrets: api.services.config.secrets },
    );
    const { client: ida, user: idaUser } = await signedUp(api.url, 'ev_close_ida');
    const { client: jo } = await signedUp(api.url, 'ev_close_jo');
    const { client: kim, user: kimUser } = await signedUp(api.url, 'ev_close_kim');
    await jo.trpc.conversations.openDirect.mutate({ username: 'ev_close_ida' });
    await jo.trpc.conversations.openDirect.mutate({ username: 'ev_close_kim' });
    const joStream = await subscribe(api, jo);
    const presenceOf = (userId: string) =>
      joStream.received.filter((e) => e.data.type === 'presence' && e.data.userId === userId);
    try {
      await subscribe(second, ida);
      await joStream.until(() => presenceOf(idaUser.id).length === 1);
      await second.close();
      // Ephemeral notices are dispatched in order: once Kim's arrives, anything about Ida before it did.
      const kimStream = await subscribe(api, kim);
      await joStream.until(() => presenceOf(kimUser.id).length > 0);
      expect(presenceOf(idaUser.id).map((e) => e.data.online)).toEqual([true]);
      // Asked, Ida is offline with a last-seen time: her process's rows went with it.
      const [ida2] = await jo.trpc.users.presence.query({ userIds: [idaUser.id] });
      expect(ida2).toMatchObject({ online: false, lastSeenAt: expect.any(String) });
      await kimStream.close();
    } finally {
      await joStream.close();
    }
  });

  it('tells contacts when someone comes online and goes offline, and answers presence queries', async () => {
    const { client: alice, user: aliceUser } = await signedUp(api.url, 'ev_pres_a');
    const { client: bob } = await signedUp(api.url, 'ev_pres_b');
    const { client: stranger } = await signedUp(api.url, 'ev_pres_x');
    await alice.trpc.conversations.openDirect.mutate({ username: 'ev_pres_b' });
    const bobStream = await subscribe(api, bob);
    const presenceEvents = () => bobStream.received.filter((e) => e.data.type === 'presence');
    try {
      const aliceStream = await subscribe(api, alice);
      await bobStream.until(() => presenceEvents().length >= 1);
      expect(presenceEvents()[0]!.data).toEqual({
        type: 'presence',
        userId: aliceUser.id,
        online: true,
        lastSeenAt: null,
      });
      expect(await bob.trpc.users.presence.query({ userIds: [aliceUser.id] })).toEqual([
        { userId: aliceUser.id, online: true, lastSeenAt: null },
      ]);
      // Only people who share a conversation see it.
      expect(await stranger.trpc.users.presence.query({ userIds: [aliceUser.id] })).toEqual([]);

      await aliceStream.close();
      await bobStream.until(() => presenceEvents().length >= 2);
      expect(presenceEvents()[1]!.data).toMatchObject({ userId: aliceUser.id, online: false });
      const [after] = await bob.trpc.users.presence.query({ userIds: [aliceUser.id] });
      expect(after).toMatchObject({ online: false, lastSeenAt: expect.any(String) });
    } finally {
      await bobStream.close();
    }
  });

  it('cuts off a subscriber that stops reading, without holding up the others', async () => {
    const strict = await startTestApi(kind, {
      slowReader: { bufferBytes: 256 * 1024, timeoutMs: 500 },
    });
    try {
      const { client, user } = await signedUp(strict.url, 'ev_slow');
      const reader = await subscribe(strict, client);
      // A raw tRPC WebSocket client that subscribes, then stops reading its socket.
      const raw = new WebSocket(`${strict.url.replace('http', 'ws')}/trpc?connectionParams=1`, {
        headers: { origin: TEST_ORIGIN },
      });
      const messages: string[] = [];
      const closed = new Promise<number>((resolve) => raw.on('close', (code) => resolve(code)));
      raw.on('message', (data) => messages.push(String(data)));
      await new Promise((resolve) => raw.once('open', resolve));
      raw.send(JSON.stringify({ method: 'connectionParams', data: { token: client.token } }));
      raw.send(
        JSON.stringify({
          id: 1,
          method: 'subscription',
          params: { path: 'events.stream', input: {} },
        }),
      );
      while (!messages.some((m) => m.includes('"started"'))) {
        await new Promise((resolve) => raw.once('message', resolve));
      }
      const socket = (raw as unknown as { _socket: Socket })._socket;
      socket.pause();
      expect(strict.services.events.subscriberCount(user.id)).toBe(2);

      // About 8 MB of events, far more than the socket buffers hold.
      const me = await client.trpc.profile.me.query();
      const padding = 'x'.repeat(2_000);
      await strict.database.db.transaction((tx) =>
        recordEvents(
          tx,
          Array.from({ length: 4_000 }, (_, i) => ({
            userId: user.id,
            event: {
              type: 'profile.updated' as const,
              user: { ...me, status: `${i}`, displayName: padding },
            },
          })),
        ),
      );
      // The reading subscriber gets every event, and the stalled one is dropped.
      await reader.count(4_000);
      expect(reader.isEnded()).toBe(false);
      while (strict.services.events.subscriberCount(user.id) > 1) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      socket.resume();
      expect(await closed).toBe(1006);
      expect(messages.filter((m) => m.includes('profile.updated')).length).toBeLessThan(4_000);
      await reader.close();
    } finally {
      await strict.close();
    }
  });
});
