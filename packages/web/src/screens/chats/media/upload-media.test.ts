import { describe, expect, test } from 'vitest';
import { errorMessage } from './upload-media.js';

describe('errorMessage', () => {
  test("uses the API's message in either error shape", () => {
    const body = {
      error: { message: 'An image can be at most 25 MB.', code: 'PAYLOAD_TOO_LARGE' },
    };
    expect(errorMessage(body, 413)).toBe('An image can be at most 25 MB.');
    expect(errorMessage({ error: 'Not an image' }, 415)).toBe('Not an image');
  });

  test('says something plain when the answer has no message', () => {
    expect(errorMessage(null, 413)).toBe('This file is too large to send.');
    expect(errorMessage('<html>Bad gateway</html>', 502)).toBe(
      'Something went wrong on our side. Please try again.',
    );
    expect(errorMessage({}, 409)).toBe('The upload was refused (HTTP 409).');
  });
});
