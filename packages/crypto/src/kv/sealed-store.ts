import { KEY_BYTES, deriveKey } from '../aes-gcm.js';
import { requireBytes } from '../bytes.js';
import { sealBytes, unsealBytes } from '../sealed-bytes.js';
import type { KeyValueStore } from './store.js';

/**
 * A KeyValueStore whose values are sealed (AES-256-GCM) under a key derived from the account key
 * before they reach `inner`; each value is bound to its key name, so rows cannot be swapped. Key
 * names stay readable: they hold prekey ids, peer addresses and conversation ids, which the server
 * knows anyway. This is how a hosted device's whole private state is stored.
 */
export class SealedKeyValueStore implements KeyValueStore {
  private readonly stateKey: Uint8Array;

  constructor(
    private readonly inner: KeyValueStore,
    accountKey: Uint8Array,
  ) {
    requireBytes(accountKey, 'accountKey', KEY_BYTES);
    this.stateKey = deriveKey(accountKey, 'parley/device-state/v1');
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const sealed = await this.inner.get(key);
    return sealed && unsealBytes(this.stateKey, sealed, context(key));
  }

  set(key: string, value: Uint8Array): Promise<void> {
    return this.inner.set(key, sealBytes(this.stateKey, value, context(key)));
  }

  add(key: string, value: Uint8Array): Promise<boolean> {
    return this.inner.add(key, sealBytes(this.stateKey, value, context(key)));
  }

  delete(key: string): Promise<boolean> {
    return this.inner.delete(key);
  }

  keys(prefix: string): Promise<string[]> {
    return this.inner.keys(prefix);
  }
}

function context(key: string): string {
  return `parley/device-state:${key}`;
}
