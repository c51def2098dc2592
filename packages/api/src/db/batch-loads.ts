/**
 * Lookups by key, loaded in batches: one load at a time, and the keys asked for while it runs go
 * together in the next. Under a burst (thousands of clients reconnecting after a restart) batches
 * grow with the load instead of queueing one query per request; a lone lookup waits for one
 * event-loop turn. A failed load fails the lookups of its batch.
 */
export function batchLoads<K, V>(
  load: (keys: K[]) => Promise<Map<K, V>>,
): (key: K) => Promise<V | undefined> {
  let next: { keys: Set<K>; loaded: Promise<Map<K, V>> } | null = null;
  let running: Promise<unknown> = Promise.resolve();
  return async (key) => {
    if (!next) {
      const keys = new Set<K>();
      // After the one running, and after this turn's I/O callbacks, so that their keys are in.
      const loaded = running
        .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
        .then(() => {
          next = null;
          return load([...keys]);
        });
      running = loaded.catch(() => {});
      next = { keys, loaded };
    }
    next.keys.add(key);
    return (await next.loaded).get(key);
  };
}
