/**
 * A FIFO that one async consumer drains. It refuses items past `capacity` instead of growing without
 * bound, so a subscriber that falls behind costs a bounded amount of memory.
 */
export class BoundedQueue<T> {
  private readonly items: T[] = [];
  private wake: (() => void) | null = null;

  constructor(private readonly capacity: number) {}

  /** False when full: the consumer has fallen too far behind. */
  push(item: T): boolean {
    if (this.items.length >= this.capacity) return false;
    this.items.push(item);
    this.wake?.();
    return true;
  }

  /** The next item, waiting for one; undefined once `signal` aborts. */
  async next(signal: AbortSignal): Promise<T | undefined> {
    while (this.items.length === 0) {
      if (signal.aborted) return undefined;
      await new Promise<void>((resolve) => {
        const onAbort = () => resolve();
        this.wake = () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        };
        signal.addEventListener('abort', onAbort, { once: true });
      });
      this.wake = null;
    }
    return this.items.shift();
  }
}
