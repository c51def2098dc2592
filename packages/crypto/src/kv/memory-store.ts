import type { KeyValueStore } from './store.js';

/** A KeyValueStore in a Map, for tests and short-lived devices. Values are copied in and out. */
export class MemoryKeyValueStore implements KeyValueStore {
  protected readonly entries = new Map<string, Uint8Array>();

  async get(key: string): Promise<Uint8Array | undefined> {
    const value = this.entries.get(key);
    return value && new Uint8Array(value);
  }

  async set(key: string, value: Uint8Array): Promise<void> {
    this.entries.set(key, new Uint8Array(value));
  }

  async add(key: string, value: Uint8Array): Promise<boolean> {
    if (this.entries.has(key)) return false;
    this.entries.set(key, new Uint8Array(value));
    return true;
  }

  async delete(key: string): Promise<boolean> {
    return this.entries.delete(key);
  }

  async keys(prefix: string): Promise<string[]> {
    return [...this.entries.keys()].filter((key) => key.startsWith(prefix));
  }
}
