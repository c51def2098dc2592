// What the figures were measured on, and at which commit.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { hasTaskset } from './children.js';

const run = (command: string, args: string[]) => {
  try {
    return execFileSync(command, args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
};

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  os: string;
  pinned: boolean;
}

export function describeMachine(): Machine {
  return {
    // Not availableParallelism(): this process is pinned to one core by now.
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    pinned: hasTaskset,
  };
}

/** The short commit, with "-dirty" when the working tree has changes. */
export function commitName(): string {
  const commit = run('git', ['rev-parse', '--short', 'HEAD']) ?? 'nogit';
  const dirty = run('git', ['status', '--porcelain', '--untracked-files=no']);
  return dirty ? `${commit}-dirty` : commit;
}
