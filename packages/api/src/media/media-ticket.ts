import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { z } from 'zod';

// A ticket lets one login session download and decrypt one stored object for a while, without the
// file key ever being stored on the server: the key travels sealed inside the ticket, under a key
// derived from the master key, so any API process can open it and nobody else can read or forge it.
const INFO = 'parley media ticket v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const TICKET_TTL_SECONDS = 24 * 60 * 60;

const ZTicket = z.object({
  m: z.string(),
  u: z.string(),
  s: z.string(),
  k: z.string(),
  z: z.number().int().min(0),
  t: z.string(),
  n: z.string(),
  e: z.number(),
});

export interface MediaTicket {
  mediaId: string;
  userId: string;
  sessionId: string;
  /** The file key. */
  key: Uint8Array;
  /** Plaintext size. */
  size: number;
  mediaType: string;
  name: string;
  /** Expiry, Unix seconds. */
  exp: number;
}

const ticketKeys = new WeakMap<Buffer, Buffer>();

function ticketKey(masterKey: Buffer): Buffer {
  let key = ticketKeys.get(masterKey);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), INFO, 32));
    ticketKeys.set(masterKey, key);
  }
  return key;
}

export function mintTicket(
  masterKey: Buffer,
  ticket: Omit<MediaTicket, 'exp'>,
  now = Date.now(),
): string {
  const payload = JSON.stringify({
    m: ticket.mediaId,
    u: ticket.userId,
    s: ticket.sessionId,
    k: Buffer.from(ticket.key).toString('base64url'),
    z: ticket.size,
    t: ticket.mediaType,
    n: ticket.name,
    e: Math.floor(now / 1000) + TICKET_TTL_SECONDS,
  });
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', ticketKey(masterKey), iv);
  const sealed = Buffer.concat([cipher.update(payload, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString('base64url');
}

/** The ticket's contents, or null when it is not one of ours, was altered or has expired. */
export function openTicket(masterKey: Buffer, token: string, now = Date.now()): MediaTicket | null {
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length <= IV_BYTES + TAG_BYTES) return null;
  let payload: unknown;
  try {
    const decipher = createDecipheriv(
      'aes-256-gcm',
      ticketKey(masterKey),
      bytes.subarray(0, IV_BYTES),
    );
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    const plain = Buffer.concat([
      decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
      decipher.final(),
    ]);
    payload = JSON.parse(plain.toString('utf8'));
  } catch {
    return null;
  }
  const parsed = ZTicket.safeParse(payload);
  if (!parsed.success || parsed.data.e * 1000 <= now) return null;
  const t = parsed.data;
  return {
    mediaId: t.m,
    userId: t.u,
    sessionId: t.s,
    key: new Uint8Array(Buffer.from(t.k, 'base64url')),
    size: t.z,
    mediaType: t.t,
    name: t.n,
    exp: t.e,
  };
}
