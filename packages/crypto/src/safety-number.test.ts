import { describe, expect, it } from 'vitest';
import { safetyNumber, safetyNumbersMatch } from './safety-number.js';
import { makeDevice } from './test/devices.js';

describe('safety numbers', () => {
  it('are the same 60 digits on both sides and match when scanned', async () => {
    const { device: alice } = await makeDevice('alice');
    const { device: bob } = await makeDevice('bob');
    const a = { userId: 'alice', identityKey: alice.identityKey };
    const b = { userId: 'bob', identityKey: bob.identityKey };
    const onAlice = safetyNumber(a, b);
    const onBob = safetyNumber(b, a);
    expect(onAlice.displayable).toMatch(/^\d{60}$/);
    expect(onBob.displayable).toBe(onAlice.displayable);
    expect(safetyNumbersMatch(onAlice, onBob.scannable)).toBe(true);
    expect(safetyNumbersMatch(onBob, onAlice.scannable)).toBe(true);
  });

  it('change when an identity key changes, and the scan says so', async () => {
    const { device: alice } = await makeDevice('alice');
    const { device: bob } = await makeDevice('bob');
    const { device: newBob } = await makeDevice('bob');
    const a = { userId: 'alice', identityKey: alice.identityKey };
    const before = safetyNumber(a, { userId: 'bob', identityKey: bob.identityKey });
    const after = safetyNumber(a, { userId: 'bob', identityKey: newBob.identityKey });
    expect(after.displayable).not.toBe(before.displayable);
    const bobsView = safetyNumber({ userId: 'bob', identityKey: newBob.identityKey }, a);
    expect(safetyNumbersMatch(before, bobsView.scannable)).toBe(false);
    expect(() => safetyNumbersMatch(before, new Uint8Array([1, 2, 3]))).toThrow(
      expect.objectContaining({ code: 'MALFORMED' }),
    );
    expect(() => safetyNumber(a, { userId: 'bob', identityKey: new Uint8Array(5) })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', field: 'remote.identityKey' }),
    );
  });
});
