import { describe, expect, test } from 'vitest';
import { formatDuration, spokenDuration } from './format-duration.js';

describe('formatDuration', () => {
  test('minutes and zero-padded seconds, rounded down', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(999)).toBe('0:00');
    expect(formatDuration(7_400)).toBe('0:07');
    expect(formatDuration(750_000)).toBe('12:30');
    expect(formatDuration(15 * 60_000)).toBe('15:00');
  });

  test('hours when there are any', () => {
    expect(formatDuration(3_723_000)).toBe('1:02:03');
  });

  test('nonsense (negative, NaN, Infinity from a stream without a duration) reads as zero', () => {
    expect(formatDuration(-5_000)).toBe('0:00');
    expect(formatDuration(Number.NaN)).toBe('0:00');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('0:00');
  });
});

describe('spokenDuration', () => {
  test('names the units, singular and plural', () => {
    expect(spokenDuration(0)).toBe('0 seconds');
    expect(spokenDuration(1_000)).toBe('1 second');
    expect(spokenDuration(65_000)).toBe('1 minute 5 seconds');
    expect(spokenDuration(7_260_000)).toBe('2 hours 1 minute');
  });
});
