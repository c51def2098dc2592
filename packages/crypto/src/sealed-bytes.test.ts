import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sealBytes, unsealBytes } from './sealed-bytes.js';

describe('sealBytes', () => {
  const key = randomBytes(32);
  const plaintext = new TextEncoder().encode('account state');

  it('round-trips, with a fresh IV each time', () => {
    const a = sealBytes(key, plaintext, 'ctx');
    const b = sealBytes(key, plaintext, 'ctx');
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
    expect(unsealBytes(key, a, 'ctx')).toEqual(plaintext);
    expect(unsealBytes(key, sealBytes(key, new Uint8Array(0)))).toEqual(new Uint8Array(0));
  });

  it('fails on a wrong key, a wrong context or any flipped bit', () => {
    const sealed = sealBytes(key, plaintext, 'ctx');
    expect(() => unsealBytes(randomBytes(32), sealed, 'ctx')).toThrow(
      expect.objectContaining({ code: 'DECRYPT_FAILED' }),
    );
    expect(() => unsealBytes(key, sealed, 'other')).toThrow(
      expect.objectContaining({ code: 'DECRYPT_FAILED' }),
    );
    for (const at of [3, 15, sealed.length - 17, sealed.length - 1]) {
      const flipped = new Uint8Array(sealed);
      flipped[at] = (flipped[at] as number) ^ 0x01;
      expect(() => unsealBytes(key, flipped, 'ctx')).toThrow(
        expect.objectContaining({ code: 'DECRYPT_FAILED' }),
      );
    }
  });

  it('checks its versioned header', () => {
    const sealed = sealBytes(key, plaintext);
    const future = new Uint8Array(sealed);
    future[2] = 2;
    expect(() => unsealBytes(key, future)).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED_VERSION' }),
    );
    expect(() => unsealBytes(key, sealed.subarray(0, 20))).toThrow(
      expect.objectContaining({ code: 'MALFORMED' }),
    );
    expect(() => sealBytes(key.subarray(0, 16), plaintext)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', field: 'key' }),
    );
  });
});
