import { safetyNumber } from '@parley/crypto';
import type { Db } from '@parley/db';
import { HOSTED_DEVICE_ID } from '../devices/key-directory.js';
import { toBase64 } from '../devices/key-schemas.js';
import { AppError } from '../errors.js';
import { identityKeyOf } from '../messages/sender-identity.js';

/**
 * The safety number of the caller and another user (libsignal fingerprints over both identity
 * keys, as the key directory holds them for each user's hosted device): the same 60 digits on both
 * sides unless the server swapped a key. It changes when either identity changes.
 */
export async function safetyNumberWith(db: Db, callerId: string, otherId: string) {
  const [mine, theirs] = await Promise.all(
    [callerId, otherId].map((userId) => identityKeyOf(db, { userId, deviceId: HOSTED_DEVICE_ID })),
  );
  if (!mine || !theirs) throw new AppError('NOT_FOUND', 'No such user', 'userId');
  const number = safetyNumber(
    { userId: callerId, identityKey: mine },
    { userId: otherId, identityKey: theirs },
  );
  return { displayable: number.displayable, scannable: toBase64(number.scannable) };
}
