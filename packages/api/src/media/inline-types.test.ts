import { describe, expect, it } from 'vitest';

import { servedAs } from './inline-types.js';

describe('servedAs', () => {
  it('serves pictures, videos and audio inline with their own type', () => {
    const playable = 'image/jpeg image/png image/webp image/gif image/avif video/mp4 video/webm';
    for (const type of `${playable} audio/webm audio/ogg audio/mp4 audio/mpeg`.split(' ')) {
      expect(servedAs(type, false)).toEqual({ contentType: type, disposition: 'inline' });
    }
  });

  it('never serves what a browser could run, or anything unknown, inline', () => {
    for (const type of [
      'image/svg+xml',
      'text/html',
      'application/xhtml+xml',
      'application/xml',
      'text/xml',
      'application/pdf',
      'text/plain',
      'video/quicktime',
      'application/octet-stream',
      'IMAGE/JPEG',
      'image/jpeg; charset=utf-8',
      '',
    ]) {
      expect(servedAs(type, false)).toEqual({
        contentType: 'application/octet-stream',
        disposition: 'attachment',
      });
    }
  });

  it('serves even an inline-safe type as a download when asked to', () => {
    expect(servedAs('image/jpeg', true)).toEqual({
      contentType: 'application/octet-stream',
      disposition: 'attachment',
    });
  });
});
