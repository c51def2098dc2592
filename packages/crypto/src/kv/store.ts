/**
 * The only storage a device needs: bytes under string keys. The API implements it on PostgreSQL
 * (one row per key and device), the Node SDK uses FileKeyValueStore, tests use MemoryKeyValueStore.
 *
 * `add` and `delete` must be atomic (INSERT … ON CONFLICT DO NOTHING / DELETE … RETURNING): they are
 * how a used prekey is refused even when two processes see the same prekey message.
 */
export interface KeyValueStore {
  get(key: string): Promise<Uint8Array | undefined>;
  set(key: string, value: Uint8Array): Promise<void>;
  /** Stores `value` only when `key` is absent; true when it was stored. */
  add(key: string, value: Uint8Array): Promise<boolean>;
  /** Removes `key`; true when it existed. */
  delete(key: string): Promise<boolean>;
  /** Every key that starts with `prefix`, in any order. */
  keys(prefix: string): Promise<string[]>;
}
