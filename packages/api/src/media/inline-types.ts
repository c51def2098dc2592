import { UNKNOWN_MEDIA_TYPE } from './sniff-media.js';

/**
 * The media types a browser only ever displays or plays, never runs: served inline with their own
 * type. Everything else, SVG and HTML above all (they can carry scripts), is served as an opaque
 * download, whatever it is.
 */
export const INLINE_MEDIA_TYPES: ReadonlySet<string> = new Set([
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'image/avif',
  'video/mp4',
  'video/webm',
  'audio/webm',
  'audio/ogg',
  'audio/mp4',
  'audio/mpeg',
]);

export interface ServedAs {
  contentType: string;
  disposition: 'inline' | 'attachment';
}

/** How a stored file of this type is served: inline only when safe and not asked for as a download. */
export function servedAs(mediaType: string, download: boolean): ServedAs {
  if (!download && INLINE_MEDIA_TYPES.has(mediaType)) {
    return { contentType: mediaType, disposition: 'inline' };
  }
  return { contentType: UNKNOWN_MEDIA_TYPE, disposition: 'attachment' };
}
