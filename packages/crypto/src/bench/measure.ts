/** Runs `op` repeatedly for about `ms` milliseconds; returns operations per second. */
export async function opsPerSecond(
  op: () => Promise<unknown> | unknown,
  ms: number,
): Promise<number> {
  let count = 0;
  const start = performance.now();
  for (;;) {
    for (let i = 0; i < 20; i++) await op();
    count += 20;
    const elapsed = performance.now() - start;
    if (elapsed >= ms) return (count * 1000) / elapsed;
  }
}

/** Milliseconds one run of `op` takes (mean over `runs`). */
export async function msPerRun(
  op: () => Promise<unknown> | unknown,
  runs: number,
): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < runs; i++) await op();
  return (performance.now() - start) / runs;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * Measures ours and its baseline back to back, `rounds` times, alternating which goes first, so
 * load from other processes and clock changes hit both alike. Returns the medians and the median
 * of the per-round ratios (ours / baseline), which is steadier than the ratio of medians.
 */
export async function paired(
  rounds: number,
  ours: () => Promise<number>,
  baseline: () => Promise<number>,
): Promise<{ ours: number; baseline: number; ratio: number }> {
  const a: number[] = [];
  const b: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < rounds; i++) {
    let x: number;
    let y: number;
    if (i % 2 === 0) {
      x = await ours();
      y = await baseline();
    } else {
      y = await baseline();
      x = await ours();
    }
    a.push(x);
    b.push(y);
    ratios.push(x / y);
  }
  return { ours: median(a), baseline: median(b), ratio: median(ratios) };
}
