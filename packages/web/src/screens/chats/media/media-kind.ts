import type { TMediaKind } from './attachment-types.js';

// What the API takes as kind=image or kind=video (it decides from the bytes; these are what it
// accepts). Anything else, SVG and audio files included, goes as a plain file: only recordings
// made in the app are voice messages.
const IMAGE_TYPES = new Set([
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'image/avif',
  'image/heic',
  'image/heif',
]);
const VIDEO_TYPES = new Set(['video/mp4', 'video/webm', 'video/quicktime']);

export type TrayKind = Exclude<TMediaKind, 'voice'>;

/** How a chosen file is sent, from the type the browser gives it. */
export function kindOfFile(file: Pick<File, 'type'>): TrayKind {
  const type = file.type.toLowerCase();
  if (IMAGE_TYPES.has(type)) return 'image';
  if (VIDEO_TYPES.has(type)) return 'video';
  return 'file';
}
