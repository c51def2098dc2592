// Scenario 2: what an idle signed-in connection with a live events.stream costs the API, after GC,
// beside a bare ws socket on the relay.
import type { ServerChild } from './children.js';
import { mapLimit } from './concurrency.js';
import type { Options } from './options.js';
import { subscribeMany, type Subscriber } from './subscribers.js';
import { WebSocket } from 'ws';

export interface IdlePoint {
  connections: number;
  parleyRssPerConnection: number;
  parleyHeapPerConnection: number;
  baselineRssPerConnection: number;
  baselineHeapPerConnection: number;
  /** Parley's RSS per connection over the baseline's. */
  ratio: number;
}

type Opened = { count: number; close(): Promise<void> };

async function perConnection(
  server: ServerChild,
  counts: number[],
  openMore: (n: number) => Promise<Opened>,
): Promise<{ connections: number; rss: number; heap: number }[]> {
  const idle = await server.stats(true);
  const opened: Opened[] = [];
  const points = [];
  let total = 0;
  for (const target of counts) {
    opened.push(await openMore(target - total));
    total = target;
    // Let connection-time work (presence, first queries) finish before measuring.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const now = await server.stats(true);
    points.push({
      connections: total,
      rss: Math.round((now.rss - idle.rss) / total),
      heap: Math.round((now.heapUsed - idle.heapUsed) / total),
    });
  }
  await Promise.all(opened.map((o) => o.close()));
  return points;
}

export async function measureIdle(
  api: ServerChild,
  relay: ServerChild,
  tokens: string[],
  options: Options,
): Promise<IdlePoint[]> {
  const parley = await perConnection(api, options.idleCounts, async (n) => {
    const subscribers: Subscriber[] = await subscribeMany(api.url, tokens, n);
    options.log(`  parley: ${n} more subscribed`);
    return { count: n, close: () => Promise.all(subscribers.map((s) => s.close())).then(() => {}) };
  });
  const baseline = await perConnection(relay, options.idleCounts, async (n) => {
    const sockets = await mapLimit(Array.from({ length: n }), 200, async () => {
      const socket = new WebSocket(`${relay.url}/?group=idle`);
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
      return socket;
    });
    return {
      count: n,
      close: async () => sockets.forEach((s) => s.terminate()),
    };
  });
  return parley.map((p, i) => {
    const b = baseline[i]!;
    return {
      connections: p.connections,
      parleyRssPerConnection: p.rss,
      parleyHeapPerConnection: p.heap,
      baselineRssPerConnection: b.rss,
      baselineHeapPerConnection: b.heap,
      ratio: Number((p.rss / Math.max(1, b.rss)).toFixed(2)),
    };
  });
}
