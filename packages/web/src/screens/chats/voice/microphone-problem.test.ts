import { describe, expect, test } from 'vitest';
import { microphoneProblem, unsupported } from './microphone-problem.js';

describe('microphoneProblem', () => {
  test('a denied permission says how to allow it', () => {
    const denied = new DOMException('Permission denied', 'NotAllowedError');
    expect(microphoneProblem(denied)).toMatch(
      /may not use your microphone.*Allow microphone access/,
    );
  });

  test('no microphone, a busy one, an insecure page and an unfit browser each get their own message', () => {
    expect(microphoneProblem(new DOMException('', 'NotFoundError'))).toMatch(/No microphone/);
    expect(microphoneProblem(new DOMException('', 'NotReadableError'))).toMatch(/Another app/);
    expect(microphoneProblem(new DOMException('', 'SecurityError'))).toMatch(/https/);
    expect(microphoneProblem(unsupported())).toMatch(/cannot record/);
  });

  test('anything else is a plain retry', () => {
    expect(microphoneProblem(new Error('boom'))).toBe(
      'Recording could not start. Please try again.',
    );
    expect(microphoneProblem('weird')).toBe('Recording could not start. Please try again.');
  });
});
