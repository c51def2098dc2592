import { ProtocolAddress } from '@signalapp/libsignal-client';
import { requireInteger, requireString } from './bytes.js';
import { invalidInput } from './errors.js';

/** A Signal device: the user it belongs to and its number among that user's devices. */
export interface DeviceAddress {
  userId: string;
  /** 1–127, libsignal's device id range. */
  deviceId: number;
}

const MAX_DEVICE_ID = 127;

export function requireAddress(value: unknown, field: string): DeviceAddress {
  if (typeof value !== 'object' || value === null) throw invalidInput(field, 'must be an object');
  const { userId, deviceId } = value as Partial<DeviceAddress>;
  return {
    userId: requireString(userId, `${field}.userId`),
    deviceId: requireInteger(deviceId, `${field}.deviceId`, 1, MAX_DEVICE_ID),
  };
}

export function toProtocolAddress(address: DeviceAddress): ProtocolAddress {
  return ProtocolAddress.new(address.userId, address.deviceId);
}

export function fromProtocolAddress(address: ProtocolAddress): DeviceAddress {
  return { userId: address.name(), deviceId: address.deviceId() };
}

/** A stable text form, safe as a key segment: the user id is URI-encoded so '.' and '/' can't collide. */
export function formatAddress(address: DeviceAddress): string {
  return `${encodeURIComponent(address.userId)}.${address.deviceId}`;
}

export function sameAddress(a: DeviceAddress, b: DeviceAddress): boolean {
  return a.userId === b.userId && a.deviceId === b.deviceId;
}
