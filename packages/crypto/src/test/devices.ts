import { formatAddress, type DeviceAddress } from '../address.js';
import type { PreKeyBundle, PublishedKeys } from '../bundle.js';
import { Device } from '../device.js';
import type { DeviceOptions } from '../device-core.js';
import { MemoryKeyValueStore } from '../kv/memory-store.js';
import type { KeyValueStore } from '../kv/store.js';

/** A device on a fresh memory store, with a few prekeys so tests stay quick. */
export async function makeDevice(
  userId: string,
  deviceId = 1,
  options: DeviceOptions & { kv?: KeyValueStore; preKeyCount?: number } = {},
): Promise<{ device: Device; kv: KeyValueStore }> {
  const kv = options.kv ?? new MemoryKeyValueStore();
  const device = await Device.create(kv, {
    ...options,
    address: { userId, deviceId },
    preKeyCount: options.preKeyCount ?? 3,
  });
  return { device, kv };
}

/**
 * The key directory's rules, in memory: each one-time prekey is handed out once; when the one-time
 * Kyber prekeys run out, the last-resort one is handed out instead.
 */
export class TestDirectory {
  private readonly published = new Map<string, PublishedKeys>();

  async publish(...devices: Device[]): Promise<void> {
    for (const device of devices) {
      this.published.set(formatAddress(device.address), await device.publishedKeys());
    }
  }

  bundle(address: DeviceAddress): PreKeyBundle {
    const keys = this.published.get(formatAddress(address));
    if (!keys) throw new Error(`nothing published for ${formatAddress(address)}`);
    return {
      address: keys.address,
      registrationId: keys.registrationId,
      identityKey: keys.identityKey,
      signedPreKey: keys.signedPreKey,
      kyberPreKey: keys.kyberPreKeys.shift() ?? keys.kyberLastResortPreKey,
      preKey: keys.preKeys.shift() ?? null,
    };
  }

  fetcher(address: DeviceAddress): { fetchBundle: () => Promise<PreKeyBundle> } {
    return { fetchBundle: async () => this.bundle(address) };
  }
}

export const text = (value: string) => new TextEncoder().encode(value);
export const readText = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
