import { describe, expect, test } from 'vitest';
import { activityLabel, dayLabel, localDayKey, timeLabel } from './day-label.js';

const now = new Date(2026, 2, 10, 9, 30);
const at = (...parts: [number, number, number, number?]) => new Date(...parts).toISOString();

describe('dayLabel', () => {
  test('names today and yesterday by the local calendar, not by 24-hour spans', () => {
    expect(dayLabel(at(2026, 2, 10, 0), now)).toBe('Today');
    expect(dayLabel(at(2026, 2, 9, 23), now)).toBe('Yesterday');
    expect(dayLabel(at(2026, 2, 9, 0), now)).toBe('Yesterday');
  });

  test('writes out older days, with the year only when it differs', () => {
    expect(dayLabel(at(2026, 2, 2, 12), now)).toBe('Monday, March 2');
    expect(dayLabel(at(2025, 11, 31, 12), now)).toBe('December 31, 2025');
  });
});

describe('localDayKey', () => {
  test('is the same within a local day and differs across midnight', () => {
    expect(localDayKey(at(2026, 2, 10, 0))).toBe(localDayKey(at(2026, 2, 10, 23)));
    expect(localDayKey(at(2026, 2, 10, 0))).not.toBe(localDayKey(at(2026, 2, 9, 23)));
  });
});

describe('activityLabel', () => {
  test('is the time today, the weekday this week, the date before', () => {
    expect(activityLabel(at(2026, 2, 10, 8), now)).toBe(timeLabel(at(2026, 2, 10, 8)));
    expect(activityLabel(at(2026, 2, 9, 8), now)).toBe('Mon');
    expect(activityLabel(at(2026, 1, 20, 8), now)).toBe('2/20/26');
  });
});
