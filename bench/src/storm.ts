// Scenario 3: a reconnect storm. N clients follow their streams; the API restarts; messages are sent
// as soon as it is back; done when every client has every one of them (resubscribed, replayed from
// its last event id or heard live).
import { randomUUID } from 'node:crypto';
import type { ApiLauncher } from './api-launcher.js';
import type { ServerChild } from './children.js';
import { waitUntil } from './concurrency.js';
import type { Options } from './options.js';
import { subscribeMany } from './subscribers.js';
import type { TypedClient } from './typed-client.js';
import { usernameOf } from './users.js';

export interface StormResult {
  clients: number;
  /** From the restart (SIGTERM) until every client has every message sent after it. */
  recoverySeconds: number | null;
  /** Of which the old API took this long to stop, and the new one this long to start. */
  stopSeconds: number;
  startSeconds: number;
  messages: number;
  missed: number;
  errors: number;
  peakRssBytes: number | null;
  peakCpuPercent: number | null;
}

const MESSAGES = 5;
const SAMPLE_MS = 200;

export async function reconnectStorm(
  launcher: ApiLauncher,
  api: ServerChild,
  sender: TypedClient,
  tokens: string[],
  options: Options,
): Promise<{ result: StormResult; api: ServerChild }> {
  const { id: conversationId } = await sender.trpc.conversations.createGroup.mutate({
    title: 'Storm',
    usernames: tokens.slice(1).map((_, i) => usernameOf(i + 1)),
  });
  const subscribers = await subscribeMany(api.url, tokens, options.stormClients);
  const send = async (text: string) =>
    (
      await sender.trpc.messages.send.mutate({
        conversationId,
        clientMessageId: randomUUID(),
        text,
      })
    ).id;
  // Every client first holds a position in its stream (the id of an event it saw): a stream that
  // never carried an event resumes from "now", as a fresh subscription does.
  const first = await send('before the storm');
  await waitUntil(() => subscribers.every((s) => s.messageIds.has(first)), 120_000, 50);
  options.log(`  ${subscribers.length} subscribed; restarting the API`);

  const t0 = performance.now();
  await api.stop();
  const stopped = performance.now();
  const next = await launcher.start();
  const started = performance.now();
  let peakCpu = 0;
  let previous = { at: performance.now(), cpu: next.procStats()?.cpuSeconds ?? 0 };
  const sampler = setInterval(() => {
    const now = { at: performance.now(), cpu: next.procStats()?.cpuSeconds ?? 0 };
    peakCpu = Math.max(peakCpu, ((now.cpu - previous.cpu) / ((now.at - previous.at) / 1000)) * 100);
    previous = now;
  }, SAMPLE_MS);

  const sent: string[] = [];
  for (let i = 0; i < MESSAGES; i++) sent.push(await send(`storm ${i}`));
  const caughtUp = (s: (typeof subscribers)[number]) => sent.every((id) => s.messageIds.has(id));
  const done = await waitUntil(
    () => subscribers.every(caughtUp),
    options.quick ? 60_000 : 120_000,
    50,
  );
  const recoverySeconds = done ? (performance.now() - t0) / 1000 : null;
  clearInterval(sampler);

  const missed = subscribers.reduce(
    (sum, s) => sum + sent.filter((id) => !s.messageIds.has(id)).length,
    0,
  );
  const errors = subscribers.reduce((sum, s) => sum + s.errors + (s.ended ? 1 : 0), 0);
  await Promise.all(subscribers.map((s) => s.close()));
  return {
    api: next,
    result: {
      clients: subscribers.length,
      recoverySeconds: recoverySeconds === null ? null : Number(recoverySeconds.toFixed(2)),
      stopSeconds: Number(((stopped - t0) / 1000).toFixed(2)),
      startSeconds: Number(((started - stopped) / 1000).toFixed(2)),
      messages: MESSAGES,
      missed,
      errors,
      peakRssBytes: next.procStats()?.peakRss ?? null,
      peakCpuPercent: next.procStats() ? Math.round(peakCpu) : null,
    },
  };
}
