import {
  Device,
  FileKeyValueStore,
  MemoryKeyValueStore,
  SealedKeyValueStore,
  isCryptoError,
  type DeviceAddress,
  type EpochRef,
  type KeyValueStore,
} from '@parley/crypto';
import type { TRPCClient } from '@trpc/client';
import type { AppRouter } from '../root.js';
import { fromBase64, toWire } from './wire-bytes.js';

export interface DeviceFileOptions {
  /** The file holding this program's device (made on first use, mode 0600). One process per file. */
  deviceFile: string;
  /**
   * 32 random bytes that seal every value in the file (AES-256-GCM, as the API seals hosted devices).
   * Without it the file is protected by its mode only. Keep it apart from the file.
   */
  deviceKey?: Uint8Array;
  /** Shown in the account's device list (`devices.list`). */
  deviceName?: string;
}

const FIRST_SDK_DEVICE_ID = 2;
const LAST_DEVICE_ID = 127;
const SIGNED_PREKEY_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
const EPOCH_KEY_BATCH = 100;

type Trpc = TRPCClient<AppRouter>;

/**
 * This program's own Signal device: kept in a file, published to the key directory, and fed the
 * conversation epoch keys that member devices send it, so content is sealed and opened here.
 */
/** The device in the file, or null for a new file. */
async function loadDevice(kv: KeyValueStore, deviceFile: string): Promise<Device | null> {
  try {
    return await Device.load(kv);
  } catch (error) {
    if (isCryptoError(error, 'NO_DEVICE')) return null;
    if (isCryptoError(error, 'DECRYPT_FAILED')) {
      throw new Error(`${deviceFile} does not open with this deviceKey`, { cause: error });
    }
    throw error;
  }
}

/** The lowest SDK device number the account does not use yet. */
function freeDeviceId(registered: { deviceId: number }[]): number {
  const taken = new Set(registered.map((d) => d.deviceId));
  let deviceId = FIRST_SDK_DEVICE_ID;
  while (taken.has(deviceId)) deviceId++;
  if (deviceId > LAST_DEVICE_ID) throw new Error('This account has no free device number');
  return deviceId;
}

/**
 * Makes a device in memory and writes it to `kv` in one go: a file store rewrites and syncs its file
 * on every change, and a new device is some 200 values.
 */
async function createInto(kv: KeyValueStore, address: DeviceAddress): Promise<Device> {
  const scratch = new MemoryKeyValueStore();
  await Device.create(scratch, { address });
  const keys = await scratch.keys('');
  await Promise.all(keys.map(async (key) => kv.set(key, (await scratch.get(key))!)));
  return Device.load(kv);
}

const refKey = (ref: EpochRef) => `${ref.conversationId}:${ref.epoch}`;

export class SdkDevice {
  private syncing: Promise<unknown> = Promise.resolve();
  /** Epochs whose keys this process has asked the hosted device to send again (once each). */
  private readonly asked = new Set<string>();

  private constructor(
    readonly device: Device,
    private readonly trpc: Trpc,
  ) {}

  /** Loads the device in the file (or makes one), registers it if the directory lacks it, tops up keys. */
  static async open(trpc: Trpc, userId: string, options: DeviceFileOptions): Promise<SdkDevice> {
    const file = await FileKeyValueStore.open(options.deviceFile);
    const kv: KeyValueStore = options.deviceKey
      ? new SealedKeyValueStore(file, options.deviceKey)
      : file;
    const registered = await trpc.devices.list.query();
    const device =
      (await loadDevice(kv, options.deviceFile)) ??
      (await createInto(kv, { userId, deviceId: freeDeviceId(registered) }));
    const { deviceId } = device.address;
    if (device.address.userId !== userId) {
      throw new Error(`${options.deviceFile} holds a device of another account`);
    }
    const listed = registered.find((d) => d.deviceId === deviceId);
    if (!listed) {
      await trpc.devices.register.mutate({
        kind: 'sdk',
        name: options.deviceName ?? 'SDK',
        keys: toWire(await device.publishedKeys()),
      });
    } else if (listed.identityKey !== toWire(device.identityKey)) {
      throw new Error(
        `Device ${deviceId} of this account has other keys than ${options.deviceFile}; use a new file`,
      );
    }
    const sdk = new SdkDevice(device, trpc);
    await sdk.maintainKeys();
    await sdk.syncEpochKeys();
    return sdk;
  }

  get deviceId(): number {
    return this.device.address.deviceId;
  }

  /**
   * Stores the epoch keys waiting in the directory for this device and acknowledges them; one at a
   * time, since Signal sessions must see envelopes in order. Resolves to how many were taken in.
   */
  syncEpochKeys(): Promise<number> {
    const run = this.syncing.then(() => this.takeEpochKeys());
    this.syncing = run.catch(() => undefined);
    return run;
  }

  /**
   * Gets epoch keys this device lacks: takes in waiting ones and, for any still missing that it has
   * not asked for before, has the user's hosted device send them again (an envelope that never
   * came: the device was registered while that epoch was being started). Resolves to whether any key
   * came in.
   */
  async obtainEpochKeys(refs: EpochRef[]): Promise<boolean> {
    let taken = await this.syncEpochKeys();
    const unasked = [];
    for (const ref of refs) {
      if (!this.asked.has(refKey(ref)) && !(await this.holds(ref))) unasked.push(ref);
    }
    if (unasked.length === 0) return taken > 0;
    for (const ref of unasked) this.asked.add(refKey(ref));
    for (const conversationId of new Set(unasked.map((ref) => ref.conversationId))) {
      await this.trpc.devices.resendEpochKeys.mutate({ deviceId: this.deviceId, conversationId });
    }
    taken += await this.syncEpochKeys();
    return taken > 0;
  }

  private holds(ref: EpochRef): Promise<boolean> {
    return this.device.epochKey(ref).then(
      () => true,
      (error: unknown) => {
        if (isCryptoError(error, 'NO_EPOCH_KEY')) return false;
        throw error;
      },
    );
  }

  private async takeEpochKeys(): Promise<number> {
    const { deviceId } = this;
    let taken = 0;
    for (;;) {
      const batch = await this.trpc.devices.epochKeys.query({ deviceId, limit: EPOCH_KEY_BATCH });
      for (const item of batch) {
        const ref = { conversationId: item.conversationId, epoch: item.epoch };
        await this.device.receiveEpochKey(item.from, fromBase64(item.envelope), ref).catch(
          // It would fail the same way on every later try (a replay, a changed identity), so it is
          // acknowledged with the rest; messages of that epoch stay unreadable here.
          (error: unknown) =>
            process.emitWarning(
              `Parley: epoch ${ref.epoch} key of conversation ${ref.conversationId} dropped: ${String(error)}`,
            ),
        );
      }
      if (batch.length > 0) {
        await this.trpc.devices.acknowledgeEpochKeys.mutate({
          deviceId,
          ids: batch.map((item) => item.id),
        });
      }
      taken += batch.length;
      if (batch.length < EPOCH_KEY_BATCH) break;
    }
    // Envelopes from new senders used up one-time prekeys.
    if (taken > 0) await this.maintainKeys();
    return taken;
  }

  /** Tops up one-time prekeys in the directory and rotates the signed prekey weekly. */
  private async maintainKeys(): Promise<void> {
    const { deviceId } = this;
    const remaining = await this.trpc.devices.prekeyCounts.query({ deviceId });
    const upload = await this.device.replenishPreKeys({ remaining });
    if (upload.preKeys.length > 0 || upload.kyberPreKeys.length > 0) {
      await this.trpc.devices.replenish.mutate({ deviceId, upload: toWire(upload) });
    }
    if (Date.now() - (await this.device.signedPreKeyCreatedAt()) > SIGNED_PREKEY_MAX_AGE_MS) {
      const rotated = await this.device.rotateSignedPreKey();
      await this.trpc.devices.rotateSignedPreKey.mutate({ deviceId, upload: toWire(rotated) });
    }
  }
}
