import { formatAddress, type DeviceAddress } from './address.js';

/** Where each piece of device state lives in the KeyValueStore. One place, so prefixes can't collide. */
export const stateKeys = {
  device: 'device',
  identity: 'identity',
  session: (remote: DeviceAddress) => `session/${formatAddress(remote)}`,
  peerIdentity: (remote: DeviceAddress) => `peer-identity/${formatAddress(remote)}`,
  preKeyPrefix: 'prekey/',
  preKey: (id: number) => `prekey/${id}`,
  signedPreKey: (id: number) => `signed-prekey/${id}`,
  kyberPreKeyPrefix: 'kyber-prekey/',
  kyberPreKey: (id: number) => `kyber-prekey/${id}`,
  kyberLastResort: (id: number) => `kyber-last-resort/${id}`,
  kyberUsedPrefix: (kyberId: number) => `kyber-used/${kyberId}/`,
  kyberUsed: (kyberId: number, signedPreKeyId: number, baseKey: Uint8Array) =>
    `kyber-used/${kyberId}/${signedPreKeyId}/${Buffer.from(baseKey).toString('hex')}`,
  epochKey: (conversationId: string, epoch: number) =>
    `epoch-key/${encodeURIComponent(conversationId)}/${epoch}`,
} as const;
