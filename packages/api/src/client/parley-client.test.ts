import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../test/harness.js';
import { ParleyClient, type EventStream, type LiveEvent } from './index.js';

const password = 'correct horse battery';

/** Reads events until `done` says enough. */
async function collect(stream: EventStream, done: (seen: LiveEvent[]) => boolean) {
  const seen: LiveEvent[] = [];
  for await (const item of stream) {
    seen.push(item);
    if (done(seen)) break;
  }
  return seen;
}

describe('ParleyClient (the Node SDK)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi('pglite');
  });
  afterAll(() => api.close());

  it('signs up, chats and receives live events', async () => {
    const ada = await ParleyClient.register(api.url, {
      username: 'sdk_ada',
      password,
      displayName: 'Ada',
    });
    const bob = await ParleyClient.register(api.url, {
      username: 'sdk_bob',
      password,
      displayName: 'Bob',
    });
    try {
      const stream = bob.events();
      await stream.ready;
      const { id } = await ada.trpc.conversations.openDirect.mutate({ username: 'sdk_bob' });
      await ada.trpc.messages.send.mutate({
        conversationId: id,
        clientMessageId: 'sdk-hello-1',
        text: 'hi from the SDK',
      });
      const seen = await collect(stream, (items) =>
        items.some((e) => e.event.type === 'message.created'),
      );
      const [created] = seen;
      expect(created!.event).toEqual({ type: 'conversation.updated', conversationId: id });
      expect(seen.at(-1)!.event).toMatchObject({
        type: 'message.created',
        conversationId: id,
        seq: 1,
      });
      stream.close();

      const page = await bob.trpc.messages.list.query({ conversationId: id });
      expect(page.messages.map((m) => m.text)).toEqual(['hi from the SDK']);

      // Resuming after the first event replays what followed it.
      const resumed = await collect(bob.events({ lastEventId: created!.id }), (seen) =>
        seen.some((e) => e.event.type === 'message.created'),
      );
      expect(resumed.map((e) => e.event.type)).toContain('message.created');
      expect(resumed.map((e) => e.id)).not.toContain(created!.id);
    } finally {
      await ada.close();
      await bob.close();
    }
  });

  it('signs in, and refreshes and retries a call refused for an expired access token', async () => {
    await (
      await ParleyClient.register(api.url, { username: 'sdk_refresh', password, displayName: 'R' })
    ).close();
    const client = await ParleyClient.signIn(api.url, { username: 'sdk_refresh', password });
    try {
      const me = await client.trpc.profile.me.query();
      // Make the held token one that has expired, while the client still believes it fresh.
      const state = client as unknown as { auth: { accessToken: string } };
      const expired = jwt.sign(
        { sid: client.sessionId, exp: Math.floor(Date.now() / 1000) - 5 },
        api.services.config.secrets.jwtSecret,
        { subject: me.id, issuer: 'parley', audience: 'parley-api' },
      );
      state.auth.accessToken = expired;
      expect((await client.trpc.profile.me.query()).id).toBe(me.id);
      expect(state.auth.accessToken).not.toBe(expired);
      const sessions = await client.trpc.sessions.list.query();
      expect(sessions.find((s) => s.current)?.id).toBe(client.sessionId);
    } finally {
      await client.close();
    }
  });
});
