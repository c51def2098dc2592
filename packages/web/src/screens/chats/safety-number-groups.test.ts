import { describe, expect, test } from 'vitest';
import { safetyNumberGroups } from './safety-number-groups.js';

describe('safetyNumberGroups', () => {
  test('splits 60 digits into 12 groups of 5, in order', () => {
    const digits = Array.from({ length: 60 }, (_, i) => String(i % 10)).join('');
    const groups = safetyNumberGroups(digits);
    expect(groups).toHaveLength(12);
    expect(groups.every((group) => /^\d{5}$/.test(group))).toBe(true);
    expect(groups.join('')).toBe(digits);
    expect(groups.slice(0, 2)).toEqual(['01234', '56789']);
  });

  test('refuses anything but 60 digits', () => {
    expect(() => safetyNumberGroups('1'.repeat(59))).toThrow(/60 digits/);
    expect(() => safetyNumberGroups(`${'1'.repeat(59)}x`)).toThrow(/60 digits/);
    expect(() => safetyNumberGroups('1'.repeat(65))).toThrow(/60 digits/);
  });
});
