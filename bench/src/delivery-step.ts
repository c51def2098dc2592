// One open-loop step: messages offered at a fixed rate whatever the server does, each one's latency
// taken from its *scheduled* send time (no coordinated omission) to its arrival at every recipient.
import type { ServerChild } from './children.js';
import { waitUntil } from './concurrency.js';
import { percentile, round } from './latency.js';

/** A conversation of `size` members, on Parley or on the baseline relay. */
export interface DeliveryGroup {
  readonly size: number;
  readonly server: ServerChild;
  /** Sends as member `sender`; resolves when the server has accepted the message. */
  send(sender: number, text: string): Promise<void>;
  /** The runner's sink: a member now holds a message's content. */
  onContent: (recipient: number, text: string) => void;
  /** Transport-level duplicates seen (an event delivered twice), counted by the group. */
  readonly duplicateEvents: number;
  /** Requests a recipient made that failed (fetches), counted by the group. */
  readonly receiveErrors: number;
}

export interface StepResult {
  offeredPerSecond: number;
  durationSeconds: number;
  sent: number;
  sendErrors: number;
  expectedDeliveries: number;
  delivered: number;
  lost: number;
  duplicates: number;
  receiveErrors: number;
  deliveredPerSecond: number | null;
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  cpuMicrosPerDelivery: number | null;
}

// About the length of a chat line.
const FILLER = ' the quick brown fox jumps over the lazy dog, twice over, and then some more';

export async function runStep(
  group: DeliveryGroup,
  tag: string,
  rate: number,
  durationMs: number,
  drainMs: number,
): Promise<StepResult> {
  const count = Math.max(1, Math.round((rate * durationMs) / 1000));
  const recipients = group.size - 1;
  const arrived = Array.from({ length: count }, () => new Set<number>());
  const latencies: number[] = [];
  let duplicates = 0;
  let sendErrors = 0;
  let settled = 0;
  const duplicateEventsBefore = group.duplicateEvents;
  const receiveErrorsBefore = group.receiveErrors;

  let t0 = 0;
  const scheduledAt = (i: number) => t0 + (i * 1000) / rate;
  group.onContent = (recipient, text) => {
    const [stepTag, index] = text.split(':');
    const i = Number(index);
    if (stepTag !== tag || !(i >= 0 && i < count)) return; // a late one from an earlier step
    if (arrived[i]!.has(recipient)) {
      duplicates++;
      return;
    }
    arrived[i]!.add(recipient);
    latencies.push(performance.now() - scheduledAt(i));
  };

  // Whatever an earlier step left queued is not this step's latency nor its CPU.
  await group.server.settle();
  const cpuBefore = await group.server.stats();
  t0 = performance.now() + 20;
  for (let i = 0; i < count;) {
    const now = performance.now();
    for (; i < count && scheduledAt(i) <= now; i++) {
      group
        .send(i % group.size, `${tag}:${i}:${FILLER}`)
        .catch(() => sendErrors++)
        .finally(() => settled++);
    }
    if (i < count) await new Promise((resolve) => setTimeout(resolve, scheduledAt(i) - now));
  }
  const expected = () => (count - sendErrors) * recipients;
  await waitUntil(() => settled === count && latencies.length >= expected(), drainMs);
  const cpuAfter = await group.server.stats();

  const delivered = latencies.length;
  const lost = Math.max(0, expected() - delivered);
  const sorted = [...latencies, ...new Array<number>(lost).fill(Infinity)].sort((a, b) => a - b);
  const cpuMicros =
    cpuAfter.cpuUserMicros +
    cpuAfter.cpuSystemMicros -
    cpuBefore.cpuUserMicros -
    cpuBefore.cpuSystemMicros;
  return {
    offeredPerSecond: rate,
    durationSeconds: durationMs / 1000,
    sent: count,
    sendErrors,
    expectedDeliveries: expected(),
    delivered,
    lost,
    duplicates: duplicates + group.duplicateEvents - duplicateEventsBefore,
    receiveErrors: group.receiveErrors - receiveErrorsBefore,
    deliveredPerSecond: round(delivered / (durationMs / 1000)),
    p50Ms: round(percentile(sorted, 50)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted.at(-1) ?? Number.NaN),
    cpuMicrosPerDelivery: delivered > 0 ? round(cpuMicros / delivered) : null,
  };
}
