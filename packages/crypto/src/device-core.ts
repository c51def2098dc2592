import type { IdentityKeyPair } from '@signalapp/libsignal-client';
import { formatAddress, type DeviceAddress } from './address.js';
import { KeyedMutex } from './lock.js';
import type { KeyValueStore } from './kv/store.js';
import { SignalStores } from './signal-stores.js';

/**
 * Wraps each locked operation once more, for locking across processes (the API takes a PostgreSQL
 * row or advisory lock on `resource` for this device). Resources: `session/<address>` and `device`.
 */
export type CrossProcessLock = <T>(resource: string, operation: () => Promise<T>) => Promise<T>;

export interface DeviceOptions {
  /** The clock; tests move it to expire sessions and retire prekeys. */
  now?: () => Date;
  lock?: CrossProcessLock;
}

/** One lock table per process, so two Device objects over the same state still take turns. */
const processLocks = new KeyedMutex();

/** What the device modules share; not exported from the package. */
export class DeviceCore {
  constructor(
    readonly kv: KeyValueStore,
    readonly address: DeviceAddress,
    readonly registrationId: number,
    readonly identity: IdentityKeyPair,
    private readonly options: DeviceOptions,
  ) {}

  now(): Date {
    return this.options.now?.() ?? new Date();
  }

  stores(): SignalStores {
    return new SignalStores(this.kv, this.identity, this.registrationId);
  }

  /** Runs `operation` alone for `resource` on this device: in this process, then across processes. */
  withLock<T>(resource: string, operation: () => Promise<T>): Promise<T> {
    const crossProcess = this.options.lock;
    return processLocks.run(`${formatAddress(this.address)}|${resource}`, () =>
      crossProcess ? crossProcess(resource, operation) : operation(),
    );
  }

  withSessionLock<T>(remote: DeviceAddress, operation: () => Promise<T>): Promise<T> {
    return this.withLock(`session/${formatAddress(remote)}`, operation);
  }
}
