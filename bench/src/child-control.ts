// The benchmark's side channel into a server it started (IPC, never HTTP): collect garbage on request
// and report memory and CPU. Only the benchmark's children load this; the API itself knows nothing of it.
import v8 from 'node:v8';

export interface ProcessStats {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  cpuUserMicros: number;
  cpuSystemMicros: number;
}

export type ControlRequest = { id: number; type: 'stats'; gc: boolean };
export type ChildNotice = { type: 'ready'; url: string };

const collect = (globalThis as { gc?: () => void }).gc;

function stats(): ProcessStats {
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  return {
    rss: memory.rss,
    heapUsed: memory.heapUsed,
    external: memory.external,
    arrayBuffers: memory.arrayBuffers,
    cpuUserMicros: cpu.user,
    cpuSystemMicros: cpu.system,
  };
}

/** Answers the parent's requests; `gc` needs the child started with --expose-gc. */
export function serveControl(): void {
  process.on('message', (request: ControlRequest) => {
    if (request.gc) {
      if (!collect) throw new Error('start the child with --expose-gc');
      // Twice: the first pass finalises what the second frees (weak refs, sockets' buffers).
      collect();
      collect();
    }
    process.send?.({
      id: request.id,
      stats: stats(),
      heapSpaces: v8.getHeapStatistics().total_heap_size,
    });
  });
}

export function announceReady(url: string): void {
  process.send?.({ type: 'ready', url } satisfies ChildNotice);
}
