/**
 * Serialises async operations per key: an operation starts only after every earlier one on the
 * same key has settled. libsignal does no locking, and two interleaved operations on one session
 * would read the same ratchet state and reuse a message key.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, operation: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const tail = previous.then(() => new Promise<void>((resolve) => (release = resolve)));
    this.tails.set(key, tail);
    await previous;
    try {
      return await operation();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Keys with an operation running or waiting (for tests and diagnostics). */
  get size(): number {
    return this.tails.size;
  }
}
