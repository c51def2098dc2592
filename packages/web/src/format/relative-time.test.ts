import { describe, expect, test } from 'vitest';
import { formatRelativeTime } from './relative-time.js';

const now = Date.parse('2026-03-10T12:00:00Z');
const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString();

describe('formatRelativeTime', () => {
  test('reads like a person would say it', () => {
    expect(formatRelativeTime(ago(20), now)).toBe('just now');
    expect(formatRelativeTime(ago(5 * 60), now)).toBe('5 minutes ago');
    expect(formatRelativeTime(ago(3 * 3600 + 50), now)).toBe('3 hours ago');
    expect(formatRelativeTime(ago(26 * 3600), now)).toBe('yesterday');
  });

  test('writes out dates a week or more back', () => {
    expect(formatRelativeTime('2026-02-01T12:00:00Z', now)).toBe('Feb 1, 2026');
  });
});
