// Starts a server child pinned to one core (taskset, where it exists) and talks to it over IPC.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ChildNotice, ControlRequest, ProcessStats } from './child-control.js';

export const hasTaskset = spawnSync('taskset', ['-V']).status === 0;
const clockTicks = Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim()) || 100;

/** Pins this process (every thread) to `core`; the load generator runs on the API's other core. */
export function pinSelf(core: number): boolean {
  if (!hasTaskset) return false;
  return spawnSync('taskset', ['-a', '-p', '-c', String(core), String(process.pid)]).status === 0;
}

export interface ChildOptions {
  /** A file in this folder, run with tsx. */
  script: 'api-child.ts' | 'relay-child.ts';
  core: number;
  env?: NodeJS.ProcessEnv;
  /** Extra Node flags (--cpu-prof…). */
  nodeFlags?: string[];
}

export class ServerChild {
  private nextId = 1;
  private readonly pending = new Map<number, (stats: ProcessStats) => void>();
  readonly exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    child.on('message', (message: { id?: number; stats?: ProcessStats }) => {
      if (message.id && message.stats) {
        this.pending.get(message.id)?.(message.stats);
        this.pending.delete(message.id);
      }
    });
  }

  static async start(options: ChildOptions): Promise<ServerChild> {
    const script = fileURLToPath(new URL(options.script, import.meta.url));
    const node = [
      process.execPath,
      '--expose-gc',
      ...(options.nodeFlags ?? []),
      '--import',
      'tsx',
      script,
    ];
    const [command, ...args] = hasTaskset ? ['taskset', '-c', String(options.core), ...node] : node;
    const child = spawn(command!, args, {
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`${options.script} exited with ${code}`)));
      child.on('message', (message: ChildNotice) => {
        if (message.type === 'ready') resolve(message.url);
      });
    });
    return new ServerChild(child, url);
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Memory and CPU as the child sees them, after two full collections when `gc`. */
  stats(gc = false): Promise<ProcessStats> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.child.send({ id, type: 'stats', gc } satisfies ControlRequest);
    });
  }

  /** Peak RSS (VmHWM) and CPU seconds so far, read from /proc without asking the child. */
  procStats(): { peakRss: number; cpuSeconds: number } | null {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
      // Fields 14 and 15 of /proc/<pid>/stat (utime, stime), counted after the command name.
      const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      return { peakRss: Number(hwm?.[1] ?? 0) * 1024, cpuSeconds: ticks / clockTicks };
    } catch {
      return null;
    }
  }

  /**
   * Waits until the child's own CPU use over `windowMs` falls below `percent` (it has finished what
   * the last scenario left it), for at most `timeoutMs`; false if it never did.
   */
  async settle(percent = 10, windowMs = 500, timeoutMs = 30_000): Promise<boolean> {
    const deadline = performance.now() + timeoutMs;
    let before = this.procStats()?.cpuSeconds;
    while (before !== undefined && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, windowMs));
      const now = this.procStats()?.cpuSeconds;
      if (now === undefined) return false;
      if (((now - before) * 1000 * 100) / windowMs < percent) return true;
      before = now;
    }
    return false;
  }

  /** SIGTERM (the API closes its sockets with "reconnect"), SIGKILL if it is not gone in 15 s. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await this.exited;
    clearTimeout(timer);
  }
}
