import { describe, expect, test } from 'vitest';
import { isUsable, localExpiry, refreshDelayMs } from './refresh-delay.js';

const MINUTE = 60_000;

describe('refreshDelayMs', () => {
  test('refreshes a 15-minute token one minute before it expires', () => {
    expect(refreshDelayMs(15 * MINUTE, 0)).toBe(14 * MINUTE);
  });

  test('refreshes a short token when a quarter of it is left', () => {
    expect(refreshDelayMs(40_000, 0)).toBe(30_000);
  });

  test('refreshes an expired token at once and never spins on a nearly expired one', () => {
    expect(refreshDelayMs(1_000, 5_000)).toBe(0);
    expect(refreshDelayMs(1_200, 1_000)).toBe(1_000);
  });
});

describe('isUsable', () => {
  test('a token with under ten seconds left is not sent', () => {
    expect(isUsable(100_000, 85_000)).toBe(true);
    expect(isUsable(100_000, 95_000)).toBe(false);
  });
});

describe('localExpiry', () => {
  const jwt = (payload: object) =>
    ['{"alg":"HS256"}', JSON.stringify(payload)]
      .map((part) => btoa(part).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'))
      .join('.') + '.signature';

  test('counts the JWT lifetime from now, whatever the device clock says', () => {
    // Server time 2026-03-10T12:00:00Z; the device clock is an hour ahead.
    const token = jwt({ sub: 'u1', iat: 1_773_144_000, exp: 1_773_144_900 });
    const deviceNow = Date.parse('2026-03-10T13:00:00Z');
    expect(localExpiry(token, '2026-03-10T12:15:00.000Z', deviceNow)).toBe(deviceNow + 15 * MINUTE);
  });

  test('falls back to the stated expiry for a token it cannot read', () => {
    expect(
      localExpiry('opaque', '2026-03-10T12:15:00.000Z', Date.parse('2026-03-10T12:00:00Z')),
    ).toBe(Date.parse('2026-03-10T12:15:00Z'));
  });
});
