import {
  CiphertextMessageType,
  ErrorCode,
  LibSignalErrorBase,
  PreKeySignalMessage,
  SignalMessage,
  processPreKeyBundle,
  signalDecrypt,
  signalDecryptPreKey,
  signalEncrypt,
} from '@signalapp/libsignal-client';
import {
  formatAddress,
  requireAddress,
  sameAddress,
  toProtocolAddress,
  type DeviceAddress,
} from './address.js';
import { concatBytes, owned, requireBytes } from './bytes.js';
import { toSignalBundle, type PreKeyBundle } from './bundle.js';
import type { DeviceCore } from './device-core.js';
import { CryptoError, invalidInput } from './errors.js';

/**
 * A pairwise Signal message as stored in a device inbox: one type byte (3 = prekey message, which
 * carries what the recipient needs to start the session; 2 = ordinary message), then libsignal's
 * serialized message.
 */
export type PairwiseEnvelope = Uint8Array;

export interface EncryptOptions {
  /**
   * Fetches the remote device's bundle from the key directory; called (under the session lock, so
   * once) only when there is no session or it has lapsed. Without it such an encrypt fails with
   * NO_SESSION.
   */
  fetchBundle?: () => Promise<PreKeyBundle>;
}

/** Starts a session from a bundle (PQXDH), replacing any current one. */
export async function establishSession(core: DeviceCore, bundle: PreKeyBundle): Promise<void> {
  const remote = requireAddress(bundle?.address, 'bundle.address');
  return core.withSessionLock(remote, () => processBundle(core, remote, bundle));
}

export async function hasSession(
  core: DeviceCore,
  remote: DeviceAddress,
  stores = core.stores(),
): Promise<boolean> {
  const record = await stores.session.getSession(toProtocolAddress(remote));
  return record?.hasCurrentState(core.now()) ?? false;
}

export async function encrypt(
  core: DeviceCore,
  remote: DeviceAddress,
  plaintext: Uint8Array,
  options: EncryptOptions = {},
): Promise<PairwiseEnvelope> {
  const to = requireAddress(remote, 'remote');
  requireBytes(plaintext, 'plaintext');
  return core.withSessionLock(to, async () => {
    // One set of stores for the whole operation, so each record is read once.
    const stores = core.stores();
    if (!(await hasSession(core, to, stores))) {
      if (!options.fetchBundle) {
        throw new CryptoError('NO_SESSION', `no session with ${formatAddress(to)}`, {
          address: to,
        });
      }
      await processBundle(core, to, await options.fetchBundle(), stores);
    }
    const message = await stores.run(
      () =>
        signalEncrypt(
          owned(plaintext),
          toProtocolAddress(to),
          toProtocolAddress(core.address),
          stores.session,
          stores.identity,
          core.now(),
        ),
      (error) => messageError(error, to),
    );
    return concatBytes([Uint8Array.of(message.type()), message.serialize()]);
  });
}

export async function decrypt(
  core: DeviceCore,
  remote: DeviceAddress,
  envelope: PairwiseEnvelope,
): Promise<Uint8Array> {
  const from = requireAddress(remote, 'remote');
  requireBytes(envelope, 'envelope');
  const type = envelope[0];
  const body = owned(envelope.subarray(1));
  return core.withSessionLock(from, async () => {
    const stores = core.stores();
    const address = toProtocolAddress(from);
    const local = toProtocolAddress(core.address);
    return stores.run(
      async () => {
        if (type === CiphertextMessageType.PreKey) {
          const message = parse(() => PreKeySignalMessage.deserialize(body));
          return signalDecryptPreKey(
            message,
            address,
            local,
            stores.session,
            stores.identity,
            stores.preKey,
            stores.signedPreKey,
            stores.kyberPreKey,
          );
        }
        if (type === CiphertextMessageType.Whisper) {
          const message = parse(() => SignalMessage.deserialize(body));
          return signalDecrypt(message, address, local, stores.session, stores.identity);
        }
        throw new CryptoError('MALFORMED', `pairwise envelope type ${type} is unknown`);
      },
      (error) => messageError(error, from),
    );
  });
}

async function processBundle(
  core: DeviceCore,
  remote: DeviceAddress,
  bundle: PreKeyBundle,
  stores = core.stores(),
): Promise<void> {
  const signalBundle = toSignalBundle(bundle);
  if (!sameAddress(bundle.address, remote)) {
    throw invalidInput(
      'bundle.address',
      `is ${formatAddress(bundle.address)}, not the remote device`,
    );
  }
  await stores.run(
    () =>
      processPreKeyBundle(
        signalBundle,
        toProtocolAddress(remote),
        toProtocolAddress(core.address),
        stores.session,
        stores.identity,
        core.now(),
      ),
    (error) =>
      new CryptoError('INVALID_BUNDLE', `the bundle of ${formatAddress(remote)} is invalid`, {
        address: remote,
        cause: error,
      }),
  );
}

function parse<T>(deserialize: () => T): T {
  try {
    return deserialize();
  } catch (cause) {
    throw new CryptoError('MALFORMED', 'pairwise envelope does not parse', { cause });
  }
}

function messageError(error: unknown, remote: DeviceAddress): Error {
  if (error instanceof CryptoError) return error;
  const name = formatAddress(remote);
  const details = { address: remote, cause: error };
  if (LibSignalErrorBase.is(error, ErrorCode.DuplicatedMessage)) {
    return new CryptoError(
      'DUPLICATE_MESSAGE',
      `message from ${name} was already received`,
      details,
    );
  }
  if (LibSignalErrorBase.is(error, ErrorCode.InvalidSession)) {
    return new CryptoError('NO_SESSION', `no session with ${name}`, details);
  }
  return new CryptoError('INVALID_MESSAGE', `message from ${name} does not decrypt`, details);
}
