import { open, readFile, rename } from 'node:fs/promises';
import { decodeEntries, encodeEntries } from './codec.js';
import { MemoryKeyValueStore } from './memory-store.js';

/**
 * A KeyValueStore kept in one file (mode 0600), for Node SDK devices. Reads come from memory; every
 * change is written to a temporary file, synced and renamed over the old one before the call
 * returns, so a crash leaves the old or the new state, never a mix, and never rolls back a session
 * the caller was told was saved. Open one instance per file.
 */
export class FileKeyValueStore extends MemoryKeyValueStore {
  private lastWrite: Promise<void> = Promise.resolve();
  private nextWrite: Promise<void> | undefined;

  private constructor(readonly path: string) {
    super();
  }

  static async open(path: string): Promise<FileKeyValueStore> {
    const store = new FileKeyValueStore(path);
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return store;
      throw error;
    }
    for (const [key, value] of decodeEntries(bytes)) store.entries.set(key, value);
    return store;
  }

  override async set(key: string, value: Uint8Array): Promise<void> {
    await super.set(key, value);
    await this.persist();
  }

  override async add(key: string, value: Uint8Array): Promise<boolean> {
    const added = await super.add(key, value);
    if (added) await this.persist();
    return added;
  }

  override async delete(key: string): Promise<boolean> {
    const deleted = await super.delete(key);
    if (deleted) await this.persist();
    return deleted;
  }

  /** Changes made while a write runs share the next write instead of queuing one each. */
  private persist(): Promise<void> {
    if (!this.nextWrite) {
      const write = this.lastWrite.then(() => {
        this.nextWrite = undefined;
        return this.writeFile();
      });
      this.nextWrite = write;
      this.lastWrite = write.catch(() => undefined);
    }
    return this.nextWrite;
  }

  private async writeFile(): Promise<void> {
    const bytes = encodeEntries(this.entries);
    const temporary = `${this.path}.${process.pid}.tmp`;
    const handle = await open(temporary, 'w', 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(temporary, this.path);
  }
}
