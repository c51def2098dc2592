import { describe, expect, test } from 'vitest';
import { kindOfFile } from './media-kind.js';

describe('kindOfFile', () => {
  test('images and videos the API takes as such; everything else is a file', () => {
    expect(kindOfFile({ type: 'image/jpeg' })).toBe('image');
    expect(kindOfFile({ type: 'IMAGE/HEIC' })).toBe('image');
    expect(kindOfFile({ type: 'video/quicktime' })).toBe('video');
    // Never run or shown inline, so never an image: SVG goes as a file.
    expect(kindOfFile({ type: 'image/svg+xml' })).toBe('file');
    // Only recordings made in the app are voice messages.
    expect(kindOfFile({ type: 'audio/mpeg' })).toBe('file');
    expect(kindOfFile({ type: 'video/x-msvideo' })).toBe('file');
    expect(kindOfFile({ type: '' })).toBe('file');
  });
});
