import { randomBytes } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { mkdir, open, rename, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';

import type { ByteRange, ObjectInfo, ObjectStorage } from './storage.js';
import { assertByteRange, assertStorageKey, objectNotFound } from './storage.js';

/**
 * Objects as files under one root directory (the embedded default: `DATA_DIR/media`). A key's segments
 * become directories and a file name; files are private to the API's user (0600, directories 0700).
 */
export class LocalStorage implements ObjectStorage {
  private readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  async put(key: string, body: Buffer | Readable): Promise<void> {
    const file = this.pathOf(key);
    const dir = path.dirname(file);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    // Written beside the target and renamed over it, so a reader sees the old object or the whole new
    // one, and a failed write leaves nothing. The leading dot keeps it outside every valid key.
    const temp = path.join(dir, `.${path.basename(file)}.${randomBytes(8).toString('hex')}.tmp`);
    try {
      const handle = await open(temp, 'wx', 0o600);
      try {
        for await (const chunk of Buffer.isBuffer(body) ? [body] : body) {
          await writeAll(handle, chunk);
        }
        // Flush before the rename, or a crash could leave the new name pointing at missing bytes.
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, file);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    if (range) assertByteRange(range);
    // Opened here rather than lazily by the stream, so a missing key rejects this call and does not
    // surface later as a stream error.
    const handle = await this.openFile(key);
    return handle.createReadStream(range ? { start: range.start, end: range.end } : {});
  }

  async stat(key: string): Promise<ObjectInfo> {
    const handle = await this.openFile(key);
    try {
      const { size } = await handle.stat();
      return { size };
    } finally {
      await handle.close();
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await unlink(this.pathOf(key));
    } catch (error) {
      if (!isErrno(error, 'ENOENT')) throw error;
    }
  }

  private pathOf(key: string): string {
    assertStorageKey(key);
    return path.join(this.root, ...key.split('/'));
  }

  /** Opens a regular file for reading; a missing key (or one naming a directory) is NOT_FOUND. */
  private async openFile(key: string): Promise<FileHandle> {
    let handle: FileHandle;
    try {
      handle = await open(this.pathOf(key), 'r');
    } catch (error) {
      if (isErrno(error, 'ENOENT') || isErrno(error, 'ENOTDIR')) throw objectNotFound();
      throw error;
    }
    try {
      if ((await handle.stat()).isFile()) return handle;
    } catch (error) {
      await handle.close();
      throw error;
    }
    await handle.close();
    throw objectNotFound();
  }
}

async function writeAll(handle: FileHandle, chunk: unknown): Promise<void> {
  if (!(chunk instanceof Uint8Array)) throw new TypeError('The body stream must yield bytes.');
  // A write may take only part of the chunk; keep going until all of it is down.
  for (let offset = 0; offset < chunk.length;) {
    offset += (await handle.write(chunk, offset)).bytesWritten;
  }
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
