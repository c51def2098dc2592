import { describe, expect, test } from 'vitest';
import { activeTypers, TYPING_SHOWN_MS, typingLabel } from './typing.js';

describe('activeTypers', () => {
  test('counts only recent typing events and says when the first one runs out', () => {
    const now = 100_000;
    const seen = { ann: now - 1_000, ben: now - TYPING_SHOWN_MS, cy: now - 4_000 };
    expect(activeTypers(seen, now)).toEqual({
      userIds: ['ann', 'cy'],
      until: now - 4_000 + TYPING_SHOWN_MS,
    });
    expect(activeTypers(seen, now + TYPING_SHOWN_MS)).toEqual({ userIds: [], until: null });
    expect(activeTypers(undefined, now)).toEqual({ userIds: [], until: null });
  });
});

describe('typingLabel', () => {
  test('names one or two people, and sums up more', () => {
    expect(typingLabel([])).toBeNull();
    expect(typingLabel(['Ann'])).toBe('Ann is typing…');
    expect(typingLabel(['Ann', 'Ben'])).toBe('Ann and Ben are typing…');
    expect(typingLabel(['Ann', 'Ben', 'Cy'])).toBe('Several people are typing…');
  });
});
