import { describe, expect, test } from 'vitest';
import { formatSize } from './format-size.js';

describe('formatSize', () => {
  test('bytes, then KB, MB and GB with a decimal below ten', () => {
    expect(formatSize(1)).toBe('1 byte');
    expect(formatSize(1023)).toBe('1023 bytes');
    expect(formatSize(7400)).toBe('7.2 KB');
    expect(formatSize(150 * 1024)).toBe('150 KB');
    expect(formatSize(25 * 1024 * 1024)).toBe('25 MB');
    expect(formatSize(3.5 * 1024 ** 3)).toBe('3.5 GB');
  });
});
