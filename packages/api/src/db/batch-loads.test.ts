import { describe, expect, it } from 'vitest';
import { batchLoads } from './batch-loads.js';

/** A loader that records its batches and answers each when told to. */
function controlledLoader() {
  const batches: { keys: string[]; answer(fail?: boolean): void }[] = [];
  let arrived = () => {};
  const lookup = batchLoads(
    (keys: string[]) =>
      new Promise<Map<string, string>>((resolve, reject) => {
        batches.push({
          keys,
          answer: (fail) =>
            fail
              ? reject(new Error('load failed'))
              : resolve(new Map(keys.map((k) => [k, k.toUpperCase()]))),
        });
        arrived();
      }),
  );
  const batch = async (n: number) => {
    while (batches.length < n) await new Promise<void>((resolve) => (arrived = resolve));
    return batches[n - 1]!;
  };
  return { lookup, batch, batches };
}

describe('batchLoads', () => {
  it('loads the keys asked for together once, each key once', async () => {
    const { lookup, batch } = controlledLoader();
    const answers = Promise.all(['a', 'b', 'a'].map(lookup));
    const first = await batch(1);
    expect(first.keys).toEqual(['a', 'b']);
    first.answer();
    expect(await answers).toEqual(['A', 'B', 'A']);
  });

  it('gathers the keys asked for while a load runs into one next load', async () => {
    const { lookup, batch, batches } = controlledLoader();
    const first = lookup('a');
    const running = await batch(1);
    const later = ['b', 'c', 'd'].map(lookup);
    running.answer();
    expect(await first).toBe('A');
    const next = await batch(2);
    expect(next.keys).toEqual(['b', 'c', 'd']);
    next.answer();
    expect(await Promise.all(later)).toEqual(['B', 'C', 'D']);
    expect(batches).toHaveLength(2);
  });

  it('fails the lookups of a failed load only', async () => {
    const { lookup, batch } = controlledLoader();
    const failing = lookup('a');
    (await batch(1)).answer(true);
    await expect(failing).rejects.toThrow('load failed');
    const after = lookup('b');
    (await batch(2)).answer();
    expect(await after).toBe('B');
  });
});
