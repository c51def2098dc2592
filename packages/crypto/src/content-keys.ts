import type { PrivateKey } from '@signalapp/libsignal-client';
import type { DeviceAddress } from './address.js';
import { openContent, sealContentWithKey, type ContentContext } from './content-seal.js';
import type { EpochRef } from './epochs.js';
import { CryptoError } from './errors.js';

const refKey = (ref: EpochRef) => `${ref.conversationId}.${ref.epoch}`;

/**
 * A device's signing key with the epoch keys taken out of its store so far: it seals and opens
 * content without reading the store, for a caller that keeps it between loads of the device (the
 * API, per process, for hosted devices). Epoch keys never change once made, so a kept copy cannot go
 * stale; one not kept yet is the caller's to fetch (Device.epochKey) and `remember`.
 */
export class ContentKeys {
  private readonly epochKeys = new Map<string, Uint8Array>();

  constructor(
    readonly address: DeviceAddress,
    private readonly signingKey: PrivateKey,
  ) {}

  has(ref: EpochRef): boolean {
    return this.epochKeys.has(refKey(ref));
  }

  remember(ref: EpochRef, key: Uint8Array): void {
    this.epochKeys.set(refKey(ref), key);
  }

  /** As Device.seal; the epoch key must have been remembered. */
  seal(content: Uint8Array, context: Omit<ContentContext, 'senderDevice'>): Uint8Array {
    return sealContentWithKey(this.key(context), this.signingKey, content, {
      ...context,
      senderDevice: this.address,
    });
  }

  /** As Device.open; the epoch key must have been remembered. */
  open(sealed: Uint8Array, context: ContentContext, senderIdentityKey: Uint8Array): Uint8Array {
    return openContent(this.key(context), sealed, context, senderIdentityKey);
  }

  private key(ref: EpochRef): Uint8Array {
    const key = this.epochKeys.get(refKey(ref));
    if (!key) {
      throw new CryptoError('NO_EPOCH_KEY', `epoch ${ref.epoch} of ${ref.conversationId} not kept`);
    }
    return key;
  }
}
