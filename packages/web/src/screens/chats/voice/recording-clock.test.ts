import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { RecordingClock } from './recording-clock.js';

const MINUTE = 60_000;
let limits: number;
const clock = () =>
  new RecordingClock(
    15 * MINUTE,
    () => (limits += 1),
    () => Date.now(),
  );

beforeEach(() => {
  limits = 0;
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('RecordingClock', () => {
  test('counts running time only, not pauses', () => {
    const c = clock();
    c.run();
    vi.advanceTimersByTime(3_000);
    c.halt();
    vi.advanceTimersByTime(60_000);
    expect(c.elapsedMs()).toBe(3_000);
    expect(c.running).toBe(false);
    c.run();
    vi.advanceTimersByTime(1_500);
    expect(c.elapsedMs()).toBe(4_500);
    expect(c.running).toBe(true);
  });

  test('the limit stops it exactly when the running time reaches it, pauses left out', () => {
    const c = clock();
    c.run();
    vi.advanceTimersByTime(10 * MINUTE);
    c.halt();
    vi.advanceTimersByTime(30 * MINUTE); // a long pause never reaches the limit
    expect(limits).toBe(0);
    c.run();
    vi.advanceTimersByTime(5 * MINUTE - 1);
    expect(limits).toBe(0);
    vi.advanceTimersByTime(1);
    expect(limits).toBe(1);
    expect(c.running).toBe(false);
    expect(c.elapsedMs()).toBe(15 * MINUTE);
    vi.advanceTimersByTime(60 * MINUTE);
    expect(limits).toBe(1);
  });

  test('running twice does not restart the count or add a second alarm', () => {
    const c = clock();
    c.run();
    vi.advanceTimersByTime(MINUTE);
    c.run();
    vi.advanceTimersByTime(14 * MINUTE);
    expect(limits).toBe(1);
  });

  test('stopped by hand, the limit never fires', () => {
    const c = clock();
    c.run();
    vi.advanceTimersByTime(MINUTE);
    c.halt();
    vi.advanceTimersByTime(60 * MINUTE);
    expect(limits).toBe(0);
  });
});
