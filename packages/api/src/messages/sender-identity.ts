import type { DeviceAddress } from '@parley/crypto';
import { and, eq } from 'drizzle-orm';
import { schema } from '@parley/db';
import type { DbOrTx } from '../db/transaction.js';

const { devices } = schema;

/** The identity key the directory holds for a device: what a sealed item's signature must match. */
export async function identityKeyOf(
  db: DbOrTx,
  device: DeviceAddress,
): Promise<Uint8Array | undefined> {
  const [row] = await db
    .select({ identityKey: devices.identityKey })
    .from(devices)
    .where(and(eq(devices.userId, device.userId), eq(devices.deviceId, device.deviceId)));
  return row?.identityKey;
}
