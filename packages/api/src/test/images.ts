// Image samples and comparisons shared by the tests of profile pictures and media images.
import type { Sharp } from 'sharp';
import sharp from 'sharp';
import { expect } from 'vitest';

import { fixture } from './fixtures.js';

/** Decoded RGB pixels of an image, centre-cropped to a square of the given side. */
export function pixels(image: Sharp, side: number): Promise<Buffer> {
  return image.resize(side, side, { fit: 'cover' }).removeAlpha().raw().toBuffer();
}

/** Mean absolute difference of two same-sized pixel buffers, 0 (same) to 255. */
export function meanDifference(a: Buffer, b: Buffer): number {
  expect(a.length).toBe(b.length);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

/** Checks the metadata sharp can see, and the bytes any EXIF, XMP or ICC block would leave. */
export async function expectNoMetadata(image: Buffer): Promise<void> {
  const metadata = await sharp(image).metadata();
  for (const block of ['exif', 'xmp', 'icc', 'iptc', 'orientation'] as const) {
    expect(metadata[block]).toBeUndefined();
  }
  // JPEG keeps them in APP blocks ("Exif", the XMP namespace, "ICC_PROFILE"), WebP in chunks.
  const text = image.toString('latin1');
  for (const marker of ['Exif', 'EXIF', 'XMP ', 'http://ns.adobe.com/xap', 'ICC_PROFILE', 'ICCP']) {
    expect(text).not.toContain(marker);
  }
}

/**
 * Checks that an image made from photo-gps.jpg shows it upright: that file holds photo.jpg's pixels
 * plus "rotate 90° clockwise to display" (Orientation=6).
 */
export async function expectUprightPhoto(image: Buffer, side: number): Promise<void> {
  const plain = await fixture('photo.jpg');
  const output = await pixels(sharp(image), side);
  expect(meanDifference(output, await pixels(sharp(plain).rotate(90), side))).toBeLessThan(4);
  expect(meanDifference(output, await pixels(sharp(plain), side))).toBeGreaterThan(20);
}

/** The name written into every metadata block of jpegWithPersonalData(). */
export const PERSONAL_NAME = 'Jane Secret';

/** photo.jpg with an ICC profile, EXIF and XMP that all carry a person's name. */
export async function jpegWithPersonalData(): Promise<Buffer> {
  const source = await sharp(await fixture('photo.jpg'))
    .withIccProfile('p3')
    .withExif({ IFD0: { Artist: PERSONAL_NAME, Copyright: PERSONAL_NAME } })
    .withXmp(`<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF>${PERSONAL_NAME}</rdf:RDF></x:xmpmeta>`)
    .jpeg()
    .toBuffer();
  const metadata = await sharp(source).metadata();
  expect([metadata.icc, metadata.exif, metadata.xmp]).not.toContain(undefined);
  return source;
}

/** The start of a HEIC file (HEVC in HEIF), enough for file-type and sharp to tell what it is. */
export const HEIC_HEADER = Buffer.concat([
  Buffer.from([0, 0, 0, 0x18]),
  Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1'),
  Buffer.alloc(64),
]);
