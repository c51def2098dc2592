import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { encryptFile } from '@parley/crypto';
import type { ObjectStorage } from '../storage/storage.js';

/** Storage folder of message media; object names are random and say nothing about the file. */
const MEDIA_KEY_PREFIX = 'files/';

export function newMediaStorageKey(): string {
  return `${MEDIA_KEY_PREFIX}${randomBytes(16).toString('hex')}`;
}

/** An object stored by `StagedObjects`, with what its file reference needs. */
export interface StoredObject {
  storageKey: string;
  /** The fresh file key (absent for ciphertext a client encrypted itself). */
  key?: Uint8Array;
  digest?: Uint8Array;
  size: number;
  encryptedSize: number;
}

/**
 * Objects written for one upload. Until the upload's rows are committed they belong to nobody, so any
 * failure removes every one of them (`discard`), and a failed upload leaves nothing in storage.
 */
export class StagedObjects {
  readonly objects: StoredObject[] = [];

  constructor(private readonly storage: ObjectStorage) {}

  /** Encrypts `source` under a fresh file key while streaming it to storage. */
  async putEncrypted(source: AsyncIterable<Uint8Array>): Promise<StoredObject> {
    const storageKey = newMediaStorageKey();
    const encryption = encryptFile(source);
    await this.put(storageKey, Readable.from(encryption.ciphertext));
    const info = await encryption.info;
    return this.add({
      storageKey,
      key: encryption.key,
      digest: info.digest,
      size: info.size,
      encryptedSize: info.encryptedSize,
    });
  }

  /** Stores bytes as they come (a client's own ciphertext). */
  async putAsIs(source: AsyncIterable<Uint8Array>): Promise<StoredObject> {
    const storageKey = newMediaStorageKey();
    let size = 0;
    const counted = async function* () {
      for await (const chunk of source) {
        size += chunk.length;
        yield chunk;
      }
    };
    await this.put(storageKey, Readable.from(counted()));
    return this.add({ storageKey, size, encryptedSize: size });
  }

  async discard(): Promise<void> {
    await Promise.all(this.objects.map((o) => this.storage.delete(o.storageKey)));
  }

  private async put(storageKey: string, body: Readable) {
    try {
      await this.storage.put(storageKey, body);
    } finally {
      // A put that failed half-way may leave its body unread; let go of the upload stream.
      body.destroy();
    }
  }

  private add(object: StoredObject): StoredObject {
    this.objects.push(object);
    return object;
  }
}
