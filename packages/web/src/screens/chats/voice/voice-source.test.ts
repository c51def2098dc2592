import { describe, expect, test } from 'vitest';
import { playableSource } from './voice-source.js';

const webm = { url: '/media/a?t=1', mediaType: 'audio/webm', renditionUrl: '/media/b?t=2' };

describe('playableSource', () => {
  test('the original where the browser plays it', () => {
    expect(playableSource(webm, () => 'maybe')).toBe('/media/a?t=1');
    expect(playableSource(webm, () => 'probably')).toBe('/media/a?t=1');
  });

  test('the rendition where it does not', () => {
    const safari = (type: string): CanPlayTypeResult => (type === 'audio/mp4' ? 'probably' : '');
    expect(playableSource(webm, safari)).toBe('/media/b?t=2');
  });

  test('the original when there is no rendition to fall back to', () => {
    expect(playableSource({ url: '/media/c?t=3', mediaType: 'audio/mp4' }, () => '')).toBe(
      '/media/c?t=3',
    );
  });
});
