// Writes one run's results: JSON, a Markdown table and the SVG chart under bench/results/.
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { deliveryChart } from './chart.js';
import type { GroupResult } from './delivery.js';
import type { IdlePoint } from './idle.js';
import type { Machine } from './machine.js';
import type { CpuSplit } from './profile.js';
import type { StormResult } from './storm.js';

export interface Summary {
  deliveryRatio1to1: number | null;
  deliveryRatioGroup10: number | null;
  p99Group1000Ms: number | null;
  bytesPerConnection: number | null;
  stormRecoverySeconds: number | null;
}

export interface BenchResults {
  date: string;
  commit: string;
  quick: boolean;
  machine: Machine;
  setup: { users: number; registerSeconds: number };
  delivery: GroupResult[];
  idle: IdlePoint[];
  storm: StormResult | null;
  cpuProfile: CpuSplit | null;
  media: unknown;
  summary: Summary;
}

const resultsDir = fileURLToPath(new URL('../results/', import.meta.url));
const kb = (bytes: number | null) => (bytes === null ? '–' : `${(bytes / 1024).toFixed(1)} KB`);
const show = (value: number | null | undefined, unit = '') =>
  value === null || value === undefined ? '–' : `${value}${unit}`;

export function summarise(
  delivery: GroupResult[],
  idle: IdlePoint[],
  storm: StormResult | null,
  group1000Rate: number,
): Summary {
  const ratio = (size: number) => delivery.find((g) => g.size === size)?.ratio ?? null;
  const big = delivery.find((g) => g.size === 1000);
  const at = big?.parley.steps.find((s) => s.offeredPerSecond === group1000Rate);
  return {
    deliveryRatio1to1: ratio(2),
    deliveryRatioGroup10: ratio(10),
    p99Group1000Ms: at?.p99Ms ?? null,
    bytesPerConnection: idle.at(-1)?.parleyRssPerConnection ?? null,
    stormRecoverySeconds: storm?.recoverySeconds ?? null,
  };
}

export function markdown(results: BenchResults): string {
  const { machine } = results;
  const lines = [
    `Run ${results.date}, commit ${results.commit}${results.quick ? ' (--quick)' : ''}: ${machine.cpus} × ${machine.cpuModel}, ` +
      `${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.pinned ? 'API on core 0, load generator on core 1 (taskset); PostgreSQL unpinned' : 'not pinned (no taskset)'}.`,
    '',
    '| members | Parley best rate (p99 ≤ 100 ms) | bare ws relay best rate | ratio | Parley deliveries/s | relay deliveries/s | Parley CPU µs/delivery |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const g of results.delivery) {
    const cpu =
      g.parley.steps.find((s) => s.offeredPerSecond === g.parley.bestRate) ?? g.parley.steps[0];
    lines.push(
      `| ${g.size} | ${g.parley.bestRate} msg/s | ${g.baseline.bestRate} msg/s | ${show(g.ratio, '×')} | ` +
        `${g.parley.bestDeliveredPerSecond} | ${g.baseline.bestDeliveredPerSecond} | ${show(cpu?.cpuMicrosPerDelivery)} |`,
    );
  }
  if (results.idle.length > 0) {
    lines.push(
      '',
      '| idle subscribed connections | Parley RSS/conn | Parley heap/conn | relay RSS/conn | relay heap/conn | ratio |',
      '| ---: | ---: | ---: | ---: | ---: | ---: |',
      ...results.idle.map(
        (p) =>
          `| ${p.connections} | ${kb(p.parleyRssPerConnection)} | ${kb(p.parleyHeapPerConnection)} | ` +
          `${kb(p.baselineRssPerConnection)} | ${kb(p.baselineHeapPerConnection)} | ${p.ratio}× |`,
      ),
    );
  }
  const s = results.storm;
  if (s) {
    lines.push(
      '',
      '| reconnect storm | clients | all back and caught up | old API stopped in | new API up in | missed | errors | peak RSS | peak CPU |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      `| restart | ${s.clients} | ${show(s.recoverySeconds, ' s')} | ${s.stopSeconds} s | ${s.startSeconds} s | ${s.missed} | ${s.errors} | ` +
        `${s.peakRssBytes === null ? '–' : `${Math.round(s.peakRssBytes / 2 ** 20)} MiB`} | ${show(s.peakCpuPercent, ' %')} |`,
    );
  }
  if (results.media !== null) {
    lines.push(
      '',
      `Media memory (packages/api/bench/media-memory.ts): \`${JSON.stringify(results.media)}\``,
    );
  }
  if (results.cpuProfile) {
    lines.push(
      '',
      `API CPU by kind of work (--cpu-prof, whole delivery run): ${Object.entries(
        results.cpuProfile,
      )
        .map(([kind, share]) => `${kind} ${share} %`)
        .join(', ')}.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Writes <date>-<commit>.{json,md,svg} and latest.{md,svg}; returns the JSON file's path. */
export async function writeResults(results: BenchResults): Promise<string> {
  await mkdir(resultsDir, { recursive: true });
  const base = `${results.date.slice(0, 10)}-${results.commit}${results.quick ? '-quick' : ''}`;
  const table = markdown(results);
  const chart = deliveryChart(
    results.delivery,
    `${results.machine.cpus} cores (${results.machine.cpuModel}), ${results.date.slice(0, 16)} UTC, ${results.commit}`,
  );
  await writeFile(`${resultsDir}${base}.json`, `${JSON.stringify(results, null, 2)}\n`);
  for (const name of [base, 'latest']) {
    await writeFile(`${resultsDir}${name}.md`, table);
    if (results.delivery.length > 0) await writeFile(`${resultsDir}${name}.svg`, chart);
  }
  return `${resultsDir}${base}.json`;
}
