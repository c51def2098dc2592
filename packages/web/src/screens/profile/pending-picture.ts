import type { Crop } from './crop-math.js';
import type { LoadedImage } from './load-image.js';

/** What Save will do to the display picture. */
export type PendingPicture =
  { kind: 'keep' } | { kind: 'remove' } | { kind: 'new'; image: LoadedImage; crop: Crop };

export const KEEP_PICTURE: PendingPicture = { kind: 'keep' };
