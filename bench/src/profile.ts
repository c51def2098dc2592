// Splits a V8 CPU profile (--cpu-prof) of the API by kind of work, by each sample's own function:
// a rough split (a helper is counted where it is defined), enough to show where the time goes.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Percent of busy (non-idle) samples per kind. */
export type CpuSplit = Record<string, number>;

const KINDS: [string, (url: string, fn: string) => boolean][] = [
  ['garbage collection', (_, fn) => fn === '(garbage collector)'],
  ['database (postgres.js, drizzle)', (url) => /node_modules\/(postgres|drizzle-orm)\//.test(url)],
  [
    'crypto (libsignal, AES, Argon2)',
    (url) => /libsignal-client|packages\/crypto\/|node:crypto|node_modules\/argon2/.test(url),
  ],
  [
    'serialisation (tRPC, zod, JSON)',
    (url, fn) =>
      /node_modules\/(@trpc|zod)\//.test(url) || (url === '' && /^(stringify|parse)$/.test(fn)),
  ],
  [
    'transport (HTTP, WebSocket, Express)',
    (url) =>
      /node_modules\/(ws|express|router|body-parser|pino[-\w]*)\/|node:(_http|net|http|stream|internal\/(http|streams|net))/.test(
        url,
      ),
  ],
  ['Parley code', (url) => url.includes('/packages/api/')],
];

/** The newest main-thread profile (CPU.<date>.<time>.<pid>.0.<n>; tsx's loader thread is not 0). */
export async function newestProfile(dir: string): Promise<string | null> {
  const files = (await readdir(dir).catch(() => [])).filter((f) => /\.0\.\d+\.cpuprofile$/.test(f));
  return files.length > 0 ? path.join(dir, files.sort().at(-1)!) : null;
}

export async function splitProfile(file: string): Promise<CpuSplit> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const kindOf = new Map<number, string | null>();
  for (const node of profile.nodes) {
    const { url, functionName } = node.callFrame;
    const idle = functionName === '(idle)';
    kindOf.set(
      node.id,
      idle
        ? null
        : (KINDS.find(([, test]) => test(url, functionName))?.[0] ?? 'other (Node, V8, native)'),
    );
  }
  const micros = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((nodeId, i) => {
    const kind = kindOf.get(nodeId);
    if (!kind) return;
    const delta = profile.timeDeltas[i] ?? 0;
    micros.set(kind, (micros.get(kind) ?? 0) + delta);
    busy += delta;
  });
  return Object.fromEntries(
    [...micros]
      .sort((a, b) => b[1] - a[1])
      .map(([kind, us]) => [kind, Number(((us / busy) * 100).toFixed(1))]),
  );
}
