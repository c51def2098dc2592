import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { schema } from '@parley/db';
import { testDbKinds } from '@parley/db/testing';
import { authOf, signedUp } from '../test/client.js';
import { startTestApi, type TestApi } from '../test/harness.js';
import { EventStream } from './stream-events.js';

describe.each(testDbKinds())('presence on %s', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(kind);
  });
  afterAll(() => api.close());

  /** Users with a direct chat each with a watcher, whose stream gives their presence events. */
  async function watched(prefix: string, count: number) {
    const { client: watcher, user } = await signedUp(api.url, `${prefix}_w`);
    const users = [];
    for (let i = 0; i < count; i++) {
      const { user: contact } = await signedUp(api.url, `${prefix}_${i}`);
      await watcher.trpc.conversations.openDirect.mutate({ username: `${prefix}_${i}` });
      users.push(contact.id);
    }
    const stream = await EventStream.open(api.services, await authOf(watcher, user.id), null, null);
    await stream.next();
    /** The next `n` presence events the watcher hears (nothing else happens to it here). */
    const heard = async (n: number) => {
      const events = [];
      while (events.length < n) {
        const { value } = await stream.next();
        if (value![1].type === 'presence') events.push(value![1]);
      }
      return events;
    };
    return { users, heard, close: () => stream.return() };
  }

  const rowsOf = (userId: string) =>
    api.database.db.select().from(schema.presence).where(eq(schema.presence.userId, userId));

  it('records and announces users who come online together, once each', async () => {
    const { users, heard, close } = await watched('pr_burst', 4);
    const { presence } = api.services;
    try {
      await Promise.all([...users, ...users].map((id) => presence.connected(id)));
      const events = await heard(4);
      expect(events.map((e) => e.type === 'presence' && e.userId).sort()).toEqual(
        [...users].sort(),
      );
      expect(events.every((e) => e.type === 'presence' && e.online)).toBe(true);
      for (const id of users) expect(await rowsOf(id)).toHaveLength(1);
      // Two streams each: one closing leaves the user online.
      await Promise.all(users.map((id) => presence.disconnected(id)));
      for (const id of users) expect(await rowsOf(id)).toHaveLength(1);
      await Promise.all(users.map((id) => presence.disconnected(id)));
      const offline = await heard(4);
      expect(offline.every((e) => e.type === 'presence' && !e.online && e.lastSeenAt)).toBe(true);
      for (const id of users) expect(await rowsOf(id)).toHaveLength(0);
    } finally {
      await close();
    }
  });

  it('neither records nor announces a user online and offline again before being written', async () => {
    const { users, heard, close } = await watched('pr_blink', 2);
    const [blink, steady] = users as [string, string];
    const { presence } = api.services;
    try {
      await Promise.all([presence.connected(blink), presence.disconnected(blink)]);
      expect(await rowsOf(blink)).toHaveLength(0);
      await presence.connected(steady);
      // Notices are dispatched in order: the steady one's comes first unless the blink was told.
      const [first] = await heard(1);
      expect(first).toMatchObject({ userId: steady, online: true });
      await presence.disconnected(steady);
    } finally {
      await close();
    }
  });
});
