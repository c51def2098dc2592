import { describe, expect, test } from 'vitest';
import { reconnectDelayMs } from './reconnect-delay.js';

describe('reconnectDelayMs', () => {
  test('grows exponentially between half and all of its ceiling', () => {
    expect(reconnectDelayMs(0, () => 0)).toBe(250);
    expect(reconnectDelayMs(0, () => 1)).toBe(500);
    expect(reconnectDelayMs(3, () => 0)).toBe(2_000);
    expect(reconnectDelayMs(3, () => 1)).toBe(4_000);
  });

  test('is capped at 30 seconds however many attempts failed', () => {
    expect(reconnectDelayMs(40, () => 1)).toBe(30_000);
    expect(reconnectDelayMs(40, () => 0)).toBe(15_000);
  });
});
