import type { PreKeyBundle, PreKeyUpload, PublishedKeys, SignedPreKeyUpload } from '@parley/crypto';
import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import { schema, type Db } from '@parley/db';
import type { DeviceRow } from '@parley/db/schema';
import type { DbOrTx } from '../db/transaction.js';
import { isUniqueViolation } from '../db/transaction.js';
import { AppError } from '../errors.js';

const { devices, signedPrekeys, oneTimePrekeys } = schema;

export const HOSTED_DEVICE_ID = 1;

/** The caller's own device, or NOT_FOUND: another user's device looks like a missing one. */
export async function ownDevice(db: DbOrTx, userId: string, deviceId: number) {
  const [device] = await db
    .select()
    .from(devices)
    .where(and(eq(devices.userId, userId), eq(devices.deviceId, deviceId)));
  if (!device) throw new AppError('NOT_FOUND', 'No such device', 'deviceId');
  return device;
}

async function addOneTimePrekeys(tx: DbOrTx, deviceRef: string, upload: PreKeyUpload) {
  const rows = [
    ...upload.preKeys.map((k) => ({ kind: 'ec', ...k, signature: null })),
    ...upload.kyberPreKeys.map((k) => ({ kind: 'kyber', ...k })),
  ].map(({ id, ...key }) => ({ deviceRef, keyId: id, ...key }));
  if (rows.length > 0) await tx.insert(oneTimePrekeys).values(rows).onConflictDoNothing();
}

async function setSignedPrekeys(tx: DbOrTx, deviceRef: string, upload: SignedPreKeyUpload) {
  for (const [kind, key] of [
    ['ec', upload.signedPreKey],
    ['kyber-last-resort', upload.kyberLastResortPreKey],
  ] as const) {
    const row = {
      keyId: key.id,
      publicKey: key.publicKey,
      signature: key.signature,
      createdAt: new Date(),
    };
    await tx
      .insert(signedPrekeys)
      .values({ deviceRef, kind, ...row })
      .onConflictDoUpdate({ target: [signedPrekeys.deviceRef, signedPrekeys.kind], set: row });
  }
}

/** Publishes a new device of the caller with its keys; its number must be free. */
export async function registerDevice(
  db: DbOrTx,
  userId: string,
  input: { kind: 'hosted' | 'sdk'; name: string; keys: PublishedKeys },
): Promise<void> {
  const { keys } = input;
  if (keys.address.userId !== userId) {
    throw new AppError(
      'FORBIDDEN',
      'A device can only be registered for yourself',
      'keys.address.userId',
    );
  }
  if ((keys.address.deviceId === HOSTED_DEVICE_ID) !== (input.kind === 'hosted')) {
    throw new AppError(
      'BAD_REQUEST',
      `Device ${HOSTED_DEVICE_ID} is the hosted device; SDK devices use 2–127`,
      'keys.address.deviceId',
    );
  }
  try {
    await db.transaction(async (tx) => {
      const [device] = await tx
        .insert(devices)
        .values({
          userId,
          deviceId: keys.address.deviceId,
          kind: input.kind,
          name: input.name,
          registrationId: keys.registrationId,
          identityKey: keys.identityKey,
        })
        .returning({ id: devices.id });
      await setSignedPrekeys(tx, device!.id, keys);
      await addOneTimePrekeys(tx, device!.id, keys);
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('CONFLICT', 'That device number is taken', 'keys.address.deviceId');
    }
    throw error;
  }
}

export async function replenishPrekeys(
  db: Db,
  userId: string,
  deviceId: number,
  upload: PreKeyUpload,
) {
  const device = await ownDevice(db, userId, deviceId);
  await addOneTimePrekeys(db, device.id, upload);
}

export async function rotateSignedPrekeys(
  db: Db,
  userId: string,
  deviceId: number,
  upload: SignedPreKeyUpload,
) {
  const device = await ownDevice(db, userId, deviceId);
  await db.transaction((tx) => setSignedPrekeys(tx, device.id, upload));
}

/** How many one-time prekeys of each kind the directory still holds for the device. */
export async function prekeyCounts(db: Db, userId: string, deviceId: number) {
  const device = await ownDevice(db, userId, deviceId);
  const rows = await db
    .select({ kind: oneTimePrekeys.kind, n: count() })
    .from(oneTimePrekeys)
    .where(eq(oneTimePrekeys.deviceRef, device.id))
    .groupBy(oneTimePrekeys.kind);
  const of = (kind: string) => rows.find((r) => r.kind === kind)?.n ?? 0;
  return { preKeys: of('ec'), kyberPreKeys: of('kyber') };
}

/**
 * Takes one one-time prekey of a kind, deleting it in the same statement. SKIP LOCKED lets concurrent
 * fetches take different keys instead of queueing on one, and no key is ever handed out twice.
 */
async function takeOneTimePrekey(db: DbOrTx, deviceRef: string, kind: 'ec' | 'kyber') {
  const next = db
    .select({
      deviceRef: oneTimePrekeys.deviceRef,
      kind: oneTimePrekeys.kind,
      keyId: oneTimePrekeys.keyId,
    })
    .from(oneTimePrekeys)
    .where(and(eq(oneTimePrekeys.deviceRef, deviceRef), eq(oneTimePrekeys.kind, kind)))
    .orderBy(asc(oneTimePrekeys.keyId))
    .limit(1)
    .for('update', { skipLocked: true });
  const [taken] = await db
    .delete(oneTimePrekeys)
    .where(
      sql`(${oneTimePrekeys.deviceRef}, ${oneTimePrekeys.kind}, ${oneTimePrekeys.keyId}) = (${next})`,
    )
    .returning({
      id: oneTimePrekeys.keyId,
      publicKey: oneTimePrekeys.publicKey,
      signature: oneTimePrekeys.signature,
    });
  return taken;
}

/** A bundle of one device, consuming its next one-time prekeys; null when it has no signed keys. */
async function bundleOf(db: DbOrTx, device: DeviceRow): Promise<PreKeyBundle | null> {
  const signed = await db
    .select()
    .from(signedPrekeys)
    .where(eq(signedPrekeys.deviceRef, device.id));
  const ec = signed.find((k) => k.kind === 'ec');
  const lastResort = signed.find((k) => k.kind === 'kyber-last-resort');
  if (!ec || !lastResort) return null;
  const kyber = (await takeOneTimePrekey(db, device.id, 'kyber')) ?? {
    id: lastResort.keyId,
    publicKey: lastResort.publicKey,
    signature: lastResort.signature,
  };
  const preKey = await takeOneTimePrekey(db, device.id, 'ec');
  return {
    address: { userId: device.userId, deviceId: device.deviceId },
    registrationId: device.registrationId,
    identityKey: device.identityKey,
    signedPreKey: { id: ec.keyId, publicKey: ec.publicKey, signature: ec.signature },
    kyberPreKey: { id: kyber.id, publicKey: kyber.publicKey, signature: kyber.signature! },
    preKey: preKey ? { id: preKey.id, publicKey: preKey.publicKey } : null,
  };
}

/** The caller's devices, in number order: the hosted one (1) and their SDK devices. */
export function listOwnDevices(db: DbOrTx, userId: string) {
  return db
    .select({
      deviceId: devices.deviceId,
      kind: devices.kind,
      name: devices.name,
      identityKey: devices.identityKey,
      createdAt: devices.createdAt,
    })
    .from(devices)
    .where(eq(devices.userId, userId))
    .orderBy(asc(devices.deviceId));
}

/** The devices of some users, in address order. */
export function devicesOf(db: DbOrTx, userIds: string[]): Promise<DeviceRow[]> {
  if (userIds.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(devices)
    .where(inArray(devices.userId, userIds))
    .orderBy(asc(devices.userId), asc(devices.deviceId));
}

/** One bundle per device of `targetUserId`, each consuming that device's one-time prekeys. */
export async function fetchBundles(db: DbOrTx, targetUserId: string): Promise<PreKeyBundle[]> {
  const bundles = [];
  for (const device of await devicesOf(db, [targetUserId])) {
    const bundle = await bundleOf(db, device);
    if (bundle) bundles.push(bundle);
  }
  return bundles;
}

/** The bundle of one device, for starting a session with it. */
export async function fetchDeviceBundle(db: DbOrTx, device: DeviceRow): Promise<PreKeyBundle> {
  const bundle = await bundleOf(db, device);
  if (!bundle) throw new AppError('NOT_FOUND', 'That device has published no keys');
  return bundle;
}
