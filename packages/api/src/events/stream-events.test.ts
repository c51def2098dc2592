import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { schema } from '@parley/db';
import { testDbKinds } from '@parley/db/testing';
import { authOf, signedUp } from '../test/client.js';
import { startTestApi, type TestApi } from '../test/harness.js';
import { recordEvents } from './record-events.js';
import { EventStream } from './stream-events.js';

type Viewer = { userId: string; sessionId: string };

describe.each(testDbKinds())('EventStream on %s', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(kind);
  });
  afterAll(() => api.close());

  async function viewer(username: string): Promise<Viewer> {
    const { client, user } = await signedUp(api.url, username);
    return authOf(client, user.id);
  }

  /** Stores `count` events for the viewer (`inbox.received` with device ids 0, 1, …). */
  async function store(of: Viewer, count: number): Promise<void> {
    await api.database.db.transaction((tx) =>
      recordEvents(
        tx,
        Array.from({ length: count }, (_, deviceId) => ({
          userId: of.userId,
          event: { type: 'inbox.received' as const, deviceId },
        })),
      ),
    );
  }

  /** The id a client holds after seeing only the start of a stream. */
  async function startedAt(of: Viewer): Promise<number> {
    const stream = await EventStream.open(api.services, of, null, null);
    const { value } = await stream.next();
    await stream.return();
    return Number.parseInt(value![0], 10);
  }

  /** The next `count` items of each stream, read side by side (their backlogs in one batch). */
  async function readTogether(streams: EventStream[], count: number) {
    const items = streams.map((): { id: string; deviceId: number }[] => []);
    for (let i = 0; i < count; i++) {
      const next = await Promise.all(streams.map((s) => s.next()));
      next.forEach(({ value }, k) => {
        const [id, event] = value!;
        items[k]!.push({ id, deviceId: event.type === 'inbox.received' ? event.deviceId : -1 });
      });
    }
    return items;
  }

  it('gives each stream resuming from the same id every missed event', async () => {
    const ann = await viewer('es_same_id');
    const from = await startedAt(ann);
    await store(ann, 5);
    const streams = await Promise.all(
      [1, 2, 3].map(() => EventStream.open(api.services, ann, from, null)),
    );
    try {
      await readTogether(streams, 1);
      const items = await readTogether(streams, 5);
      for (const got of items) expect(got.map((e) => e.deviceId)).toEqual([0, 1, 2, 3, 4]);
    } finally {
      await Promise.all(streams.map((s) => s.return()));
    }
  });

  it('replays backlogs longer than a page, alone and read together, in order', async () => {
    const [bo, cy] = await Promise.all([viewer('es_long_bo'), viewer('es_long_cy')]);
    const [fromBo, fromCy] = [await startedAt(bo), await startedAt(cy)];
    // Together more than a page (1,000 rows): each is then read on its own, a page at a time.
    await store(bo, 1_500);
    await store(cy, 700);
    const streams = [
      await EventStream.open(api.services, bo, fromBo, null),
      await EventStream.open(api.services, cy, fromCy, null),
    ];
    try {
      await readTogether(streams, 1);
      const [boItems, cyItems] = await readTogether(streams, 700);
      expect(cyItems!.map((e) => e.deviceId)).toEqual(Array.from({ length: 700 }, (_, i) => i));
      const rest = (await readTogether([streams[0]!], 800))[0]!;
      const all = [...boItems!, ...rest];
      expect(all.map((e) => e.deviceId)).toEqual(Array.from({ length: 1_500 }, (_, i) => i));
      const ids = all.map((e) => Number(e.id));
      expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
    } finally {
      await Promise.all(streams.map((s) => s.return()));
    }
  });

  it('ends a pending next() at once on return(), and lets go of the feed and presence', async () => {
    const dee = await viewer('es_return');
    const presenceRows = () =>
      api.database.db.select().from(schema.presence).where(eq(schema.presence.userId, dee.userId));
    const stream = await EventStream.open(api.services, dee, null, null);
    await stream.next();
    expect(api.services.events.subscriberCount(dee.userId)).toBe(1);
    expect(await presenceRows()).toHaveLength(1);
    const pending = stream.next();
    await stream.return();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(await stream.next()).toEqual({ done: true, value: undefined });
    expect(api.services.events.subscriberCount(dee.userId)).toBe(0);
    expect(await presenceRows()).toHaveLength(0);
  });

  it('hands live events to an idle stream, in order and without those the backlog gave', async () => {
    const eve = await viewer('es_live');
    const from = await startedAt(eve);
    await store(eve, 2);
    const stream = await EventStream.open(api.services, eve, from, null);
    try {
      await stream.next();
      const [replayed] = await readTogether([stream], 2);
      const waiting = stream.next();
      await store(eve, 3);
      const { value } = await waiting;
      const [live] = await readTogether([stream], 2);
      expect(replayed!.map((e) => e.deviceId)).toEqual([0, 1]);
      expect(value![1]).toEqual({ type: 'inbox.received', deviceId: 0 });
      expect(live!.map((e) => e.deviceId)).toEqual([1, 2]);
      expect(Number(live![0]!.id)).toBeGreaterThan(Number(replayed![1]!.id));
    } finally {
      await stream.return();
    }
  });
});
