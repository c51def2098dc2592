import { describe, expect, test } from 'vitest';
import { presenceLabel } from './presence.js';

const now = Date.parse('2026-03-10T12:00:00Z');
const seen = (lastSeenAt: string | null) => ({ userId: 'u2', online: false, lastSeenAt });

describe('presenceLabel', () => {
  test('online wins over an old last-seen time', () => {
    expect(presenceLabel({ userId: 'u2', online: true, lastSeenAt: null }, now)).toBe('online');
    expect(
      presenceLabel({ userId: 'u2', online: true, lastSeenAt: '2026-03-10T11:00:00Z' }, now),
    ).toBe('online');
  });

  test('offline says when, in relative time', () => {
    expect(presenceLabel(seen('2026-03-10T11:59:40Z'), now)).toBe('last seen just now');
    expect(presenceLabel(seen('2026-03-10T11:55:00Z'), now)).toBe('last seen 5 minutes ago');
    expect(presenceLabel(seen('2026-03-09T10:00:00Z'), now)).toBe('last seen yesterday');
    expect(presenceLabel(seen('2026-02-01T12:00:00Z'), now)).toBe('last seen Feb 1, 2026');
  });

  test('nothing when unknown: not shared with us, or never seen', () => {
    expect(presenceLabel(undefined, now)).toBeNull();
    expect(presenceLabel(seen(null), now)).toBeNull();
  });
});
