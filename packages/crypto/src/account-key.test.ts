import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PASSWORD_COST,
  createAccountKey,
  masterKeyIdOf,
  passwordWrapCost,
  unwrapAccountKeyWithMasterKey,
  unwrapAccountKeyWithPassword,
  wrapAccountKeyWithMasterKey,
  wrapAccountKeyWithPassword,
} from './account-key.js';

/** Test-only Argon2id cost: production uses DEFAULT_PASSWORD_COST. */
const cost = { memoryCost: 256, timeCost: 1, parallelism: 1 };

describe('account key wraps', () => {
  it('a password wrap opens with the password and context, and fails loudly otherwise', async () => {
    const accountKey = createAccountKey();
    const wrapped = await wrapAccountKeyWithPassword(accountKey, 'hunter2 but longer', {
      cost,
      context: 'user:1',
    });
    expect(passwordWrapCost(wrapped)).toEqual(cost);
    expect(
      await unwrapAccountKeyWithPassword(wrapped, 'hunter2 but longer', { context: 'user:1' }),
    ).toEqual(accountKey);
    await expect(
      unwrapAccountKeyWithPassword(wrapped, 'hunter3 but longer', { context: 'user:1' }),
    ).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    await expect(
      unwrapAccountKeyWithPassword(wrapped, 'hunter2 but longer', { context: 'user:2' }),
    ).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    // The stored cost is authenticated: a changed cost breaks the wrap instead of weakening it.
    const changed = new Uint8Array(wrapped);
    changed[10] = 2; // timeCost 1 → 2
    expect(passwordWrapCost(changed).timeCost).toBe(2);
    await expect(
      unwrapAccountKeyWithPassword(changed, 'hunter2 but longer', { context: 'user:1' }),
    ).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
  });

  it('uses the production cost by default', async () => {
    const accountKey = createAccountKey();
    const wrapped = await wrapAccountKeyWithPassword(accountKey, 'a real password');
    expect(passwordWrapCost(wrapped)).toEqual(DEFAULT_PASSWORD_COST);
    expect(await unwrapAccountKeyWithPassword(wrapped, 'a real password')).toEqual(accountKey);
  });

  it('names bad arguments and refuses absurd stored costs', async () => {
    const accountKey = createAccountKey();
    await expect(
      wrapAccountKeyWithPassword(accountKey, 'pw', { cost: { ...cost, timeCost: 0 } }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'cost.timeCost' });
    await expect(wrapAccountKeyWithPassword(accountKey, '', { cost })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      field: 'password',
    });
    await expect(
      wrapAccountKeyWithPassword(new Uint8Array(31), 'pw', { cost }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'accountKey' });
    const wrapped = await wrapAccountKeyWithPassword(accountKey, 'pw', { cost });
    const huge = new Uint8Array(wrapped);
    huge[3] = 0xff; // memoryCost's top byte: terabytes
    await expect(unwrapAccountKeyWithPassword(huge, 'pw')).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      field: 'wrapped cost.memoryCost',
    });
    await expect(unwrapAccountKeyWithPassword(wrapped.subarray(0, 12), 'pw')).rejects.toMatchObject(
      {
        code: 'MALFORMED',
      },
    );
  });

  it('a master-key wrap names its key id, so master keys can rotate', () => {
    const accountKey = createAccountKey();
    const oldKey = createAccountKey();
    const newKey = createAccountKey();
    const wrapped = wrapAccountKeyWithMasterKey(accountKey, oldKey, '2025-01', {
      context: 'session:9',
    });
    expect(masterKeyIdOf(wrapped)).toBe('2025-01');
    const keys = new Map([
      ['2025-01', oldKey],
      ['2025-06', newKey],
    ]);
    const opened = unwrapAccountKeyWithMasterKey(wrapped, keys, { context: 'session:9' });
    expect(opened).toEqual(accountKey);
    const rewrapped = wrapAccountKeyWithMasterKey(opened, newKey, '2025-06', {
      context: 'session:9',
    });
    expect(
      unwrapAccountKeyWithMasterKey(rewrapped, new Map([['2025-06', newKey]]), {
        context: 'session:9',
      }),
    ).toEqual(accountKey);

    expect(() => unwrapAccountKeyWithMasterKey(wrapped, new Map([['2025-06', newKey]]))).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_KEY_ID' }),
    );
    expect(() => unwrapAccountKeyWithMasterKey(wrapped, keys, { context: 'session:8' })).toThrow(
      expect.objectContaining({ code: 'DECRYPT_FAILED' }),
    );
    // The key id is authenticated: relabelling a wrap breaks it, even where both ids hold one key.
    const relabelled = new Uint8Array(wrapped);
    relabelled.set(new TextEncoder().encode('2025-02'), 7);
    expect(masterKeyIdOf(relabelled)).toBe('2025-02');
    const sameKeyTwice = new Map([
      ['2025-01', oldKey],
      ['2025-02', oldKey],
    ]);
    expect(() =>
      unwrapAccountKeyWithMasterKey(relabelled, sameKeyTwice, { context: 'session:9' }),
    ).toThrow(expect.objectContaining({ code: 'DECRYPT_FAILED' }));
  });
});
