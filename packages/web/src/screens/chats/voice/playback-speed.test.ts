import { describe, expect, test } from 'vitest';
import { nextSpeed, readSpeed, saveSpeed, speedLabel } from './playback-speed.js';

describe('playback speed', () => {
  test('cycles through 1×, 1.5× and 2×', () => {
    expect(nextSpeed(1)).toBe(1.5);
    expect(nextSpeed(1.5)).toBe(2);
    expect(nextSpeed(2)).toBe(1);
    expect(speedLabel(1.5)).toBe('1.5×');
  });

  test('reads back what was saved, and 1× for nothing or anything else', () => {
    localStorage.clear();
    expect(readSpeed(localStorage)).toBe(1);
    saveSpeed(localStorage, 2);
    expect(readSpeed(localStorage)).toBe(2);
    localStorage.setItem('parley.voice-speed', '7');
    expect(readSpeed(localStorage)).toBe(1);
    expect(readSpeed(null)).toBe(1);
  });

  test('a storage that refuses writes does not break playback', () => {
    const full = {
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
    };
    expect(() => saveSpeed(full, 1.5)).not.toThrow();
  });
});
