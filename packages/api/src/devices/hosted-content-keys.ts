import type { ContentContext, ContentKeys, DeviceAddress, EpochRef } from '@parley/crypto';
import type { Services } from '../context.js';
import { transaction, type Tx } from '../db/transaction.js';
import { liveSessionWrap, withHostedDevice } from './hosted-device.js';

/** What sealing and opening message content needs of the caller's hosted device (a Device has it). */
export interface ContentCipher {
  readonly address: DeviceAddress;
  seal(content: Uint8Array, context: Omit<ContentContext, 'senderDevice'>): Promise<Uint8Array>;
  open(
    sealed: Uint8Array,
    context: ContentContext,
    senderIdentityKey: Uint8Array,
  ): Promise<Uint8Array>;
}

/** An epoch key that is not kept yet was needed: the operation runs again with the device loaded. */
export class EpochKeyNotKept extends Error {}

class KeptCipher implements ContentCipher {
  constructor(
    private readonly keys: ContentKeys,
    /** Takes a missing key out of the loaded device; null on the fast path. */
    private readonly fetchKey: ((ref: EpochRef) => Promise<Uint8Array>) | null,
  ) {}

  get address() {
    return this.keys.address;
  }

  async seal(content: Uint8Array, context: Omit<ContentContext, 'senderDevice'>) {
    await this.need(context);
    return this.keys.seal(content, context);
  }

  async open(sealed: Uint8Array, context: ContentContext, senderIdentityKey: Uint8Array) {
    await this.need(context);
    return this.keys.open(sealed, context, senderIdentityKey);
  }

  private async need(ref: EpochRef) {
    if (this.keys.has(ref)) return;
    if (!this.fetchKey) throw new EpochKeyNotKept();
    this.keys.remember(ref, await this.fetchKey(ref));
  }
}

/**
 * Runs `operation` in a transaction with a cipher for the caller's hosted device. Sealing and opening
 * use no device state but the signing key and epoch keys, which this process keeps once it has
 * loaded them (ContentKeyCache); with them, the operation needs neither the device's lock nor its
 * state, only a live session. When a key is not kept yet, the attempt is rolled back and the
 * operation runs again with the device loaded as withHostedDevice does, keeping what it uses.
 */
export async function withContentKeys<T>(
  services: Pick<Services, 'db' | 'config' | 'logger' | 'contentKeys'>,
  auth: { userId: string; sessionId: string },
  operation: (cipher: ContentCipher, tx: Tx) => Promise<T>,
): Promise<T> {
  const kept = services.contentKeys.get(auth.userId);
  if (kept) {
    try {
      return await transaction(services.db, async (tx) => {
        // The check goes out with the operation's first statement; an ended session fails it all.
        const [, result] = await Promise.all([
          liveSessionWrap(tx, auth.sessionId),
          operation(new KeptCipher(kept, null), tx),
        ]);
        return result;
      });
    } catch (error) {
      if (!(error instanceof EpochKeyNotKept)) throw error;
    }
  }
  return withHostedDevice(services, auth, (device, tx) => {
    const keys = kept ?? device.contentKeys();
    services.contentKeys.set(auth.userId, keys);
    return operation(new KeptCipher(keys, (ref) => device.epochKey(ref)), tx);
  });
}
