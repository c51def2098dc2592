// Scenario 1: delivery throughput and latency for conversations of 2, 10, 100 and 1,000 members,
// Parley and the bare relay side by side, each climbing its own ladder of offered rates.
import type { ServerChild } from './children.js';
import { runStep, type DeliveryGroup, type StepResult } from './delivery-step.js';
import type { Options } from './options.js';
import { ParleyGroup, type ParleyFleet } from './parley-group.js';
import { RelayGroup } from './relay-group.js';

export const P99_TARGET_MS = 100;
/** The 1,000-member target is read at this rate (the JSON line's p99Group1000Ms). */
export const GROUP1000_RATE = 10;

export interface LadderResult {
  steps: StepResult[];
  /** The highest offered rate (messages/s) whose p99 ≤ 100 ms with nothing lost, or 0. */
  bestRate: number;
  bestDeliveredPerSecond: number;
}

export interface GroupResult {
  size: number;
  parley: LadderResult;
  baseline: LadderResult;
  /** Parley's best rate over the baseline's. */
  ratio: number | null;
}

const passes = (step: StepResult) =>
  step.lost === 0 && step.sendErrors === 0 && step.p99Ms !== null && step.p99Ms <= P99_TARGET_MS;

/** Rates to try, lowest first: doubling (coarser when quick) from a start fit for the size. */
function ladder(size: number, options: Options): number[] {
  const start = size <= 10 ? 10 : size <= 100 ? 2 : 1;
  const factor = options.quick ? (size >= 1000 ? 10 : 4) : 2;
  const rates: number[] = [];
  for (let rate = start; rate <= 100_000 / Math.max(1, size - 1) + start; rate *= factor)
    rates.push(rate);
  if (size === 1000 && !rates.includes(GROUP1000_RATE)) rates.push(GROUP1000_RATE);
  return rates.sort((a, b) => a - b);
}

async function climb(
  label: string,
  group: DeliveryGroup,
  options: Options,
  mustReach: number,
): Promise<LadderResult> {
  const steps: StepResult[] = [];
  // Warm-up, not recorded: JIT, connection pools, first fetches.
  await runStep(group, `${label}-warm`, 2, 1000, options.drainMs);
  for (const rate of ladder(group.size, options)) {
    const step = await runStep(group, `${label}-${rate}`, rate, options.stepMs, options.drainMs);
    steps.push(step);
    options.log(
      `  ${label} ${rate}/s: p50 ${step.p50Ms} ms, p99 ${step.p99Ms} ms, lost ${step.lost}, dup ${step.duplicates}, ` +
        `${step.cpuMicrosPerDelivery ?? '-'} µs CPU/delivery`,
    );
    if (!passes(step) && rate >= mustReach) break;
  }
  const best = steps.filter(passes).at(-1);
  return {
    steps,
    bestRate: best?.offeredPerSecond ?? 0,
    bestDeliveredPerSecond: best?.deliveredPerSecond ?? 0,
  };
}

export async function measureDelivery(
  fleet: ParleyFleet,
  api: ServerChild,
  relay: ServerChild,
  options: Options,
): Promise<GroupResult[]> {
  const results: GroupResult[] = [];
  for (const size of options.sizes) {
    options.log(`delivery: ${size} members`);
    const relayGroup = await RelayGroup.create(relay, size);
    const baseline = await climb(`relay${size}`, relayGroup, options, 0);
    relayGroup.close();
    const parleyGroup = await ParleyGroup.create(fleet, api, size);
    const parley = await climb(
      `parley${size}`,
      parleyGroup,
      options,
      size === 1000 ? GROUP1000_RATE : 0,
    );
    results.push({
      size,
      parley,
      baseline,
      ratio:
        baseline.bestRate > 0 ? Number((parley.bestRate / baseline.bestRate).toFixed(3)) : null,
    });
  }
  return results;
}
