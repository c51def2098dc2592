import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

import type { AppError } from '../errors.js';
import { appErrorOf } from '../test/app-error.js';
import { fixture } from '../test/fixtures.js';
import * as samples from '../test/images.js';
import type { ProcessedImage } from './process-image.js';
import { PLACEHOLDER_MAX_LENGTH, processImage, THUMBNAIL_MAX_SIDE } from './process-image.js';

function refusal(bytes: Buffer): Promise<AppError> {
  return appErrorOf(processImage(bytes), 'file');
}

/** Processes an image and checks what every result must be: clean, typed, thumbnail and placeholder in bounds. */
async function expectImage(bytes: Buffer, mediaType: string): Promise<ProcessedImage> {
  const image = await processImage(bytes);
  expect(image.mediaType).toBe(mediaType);
  const metadata = await sharp(image.bytes).metadata();
  expect(`image/${metadata.format === 'heif' ? 'avif' : metadata.format}`).toBe(mediaType);
  expect([metadata.width, metadata.pageHeight ?? metadata.height]).toEqual([
    image.width,
    image.height,
  ]);
  await samples.expectNoMetadata(image.bytes);

  const { thumbnail } = image;
  expect(thumbnail.mediaType).toBe('image/webp');
  const thumbnailMetadata = await sharp(thumbnail.bytes).metadata();
  expect(thumbnailMetadata).toMatchObject({
    format: 'webp',
    width: thumbnail.width,
    height: thumbnail.height,
  });
  expect(thumbnailMetadata.pages).toBeUndefined();
  expect(Math.max(thumbnail.width, thumbnail.height)).toBeLessThanOrEqual(THUMBNAIL_MAX_SIDE);
  // Same shape as the image, to a pixel's rounding.
  expect(Math.abs(thumbnail.width / thumbnail.height - image.width / image.height)).toBeLessThan(
    0.01,
  );
  await samples.expectNoMetadata(thumbnail.bytes);

  expect(image.placeholder.length).toBeLessThanOrEqual(PLACEHOLDER_MAX_LENGTH);
  const [, base64] = /^data:image\/webp;base64,([A-Za-z0-9+/]+=*)$/.exec(image.placeholder) ?? [];
  const placeholder = await sharp(Buffer.from(base64!, 'base64')).metadata();
  expect(placeholder.format).toBe('webp');
  expect(Math.max(placeholder.width, placeholder.height)).toBeLessThanOrEqual(32);
  return image;
}

describe('processImage keeps the picture and drops the metadata', () => {
  it('keeps a JPEG as a JPEG with a 480 px thumbnail and a tiny placeholder', async () => {
    const image = await expectImage(await fixture('photo.jpg'), 'image/jpeg');
    expect([image.width, image.height]).toEqual([1600, 1200]);
    expect([image.thumbnail.width, image.thumbnail.height]).toEqual([480, 360]);
    // The thumbnail shows the picture, not something else.
    const original = await samples.pixels(sharp(await fixture('photo.jpg')), 64);
    expect(
      samples.meanDifference(await samples.pixels(sharp(image.thumbnail.bytes), 64), original),
    ).toBeLessThan(6);
    expect(
      samples.meanDifference(await samples.pixels(sharp(image.bytes), 64), original),
    ).toBeLessThan(4);
  });

  it('drops the GPS position and camera of a JPEG, showing it upright', async () => {
    const source = await fixture('photo-gps.jpg');
    const sourceMetadata = await sharp(source).metadata();
    expect(sourceMetadata.orientation).toBe(6);
    // Its EXIF holds a GPSInfo entry (tag 0x8825, big-endian), the camera and the date taken; a
    // comment block names the encoder.
    expect(sourceMetadata.exif?.includes(Buffer.from([0x88, 0x25, 0x00, 0x04]))).toBe(true);
    const traces = ['ExampleCam', '2026:05:01 12:00:00', 'Lavc'];
    for (const trace of traces) expect(source.toString('latin1')).toContain(trace);

    const image = await expectImage(source, 'image/jpeg');
    for (const bytes of [image.bytes, image.thumbnail.bytes]) {
      for (const trace of traces) expect(bytes.toString('latin1')).not.toContain(trace);
    }
    // Orientation 6 is "turn 90° clockwise to display": the stored image is already turned.
    expect([image.width, image.height]).toEqual([1200, 1600]);
    await samples.expectUprightPhoto(image.bytes, 64);
  });

  it('drops ICC, EXIF and XMP carrying personal data', async () => {
    const image = await expectImage(await samples.jpegWithPersonalData(), 'image/jpeg');
    expect(image.bytes.toString('latin1')).not.toContain(samples.PERSONAL_NAME);
    expect(image.thumbnail.bytes.toString('latin1')).not.toContain(samples.PERSONAL_NAME);
  });

  it('keeps a PNG as a PNG, and a small image at its size', async () => {
    const image = await expectImage(await fixture('picture.png'), 'image/png');
    expect([image.width, image.height]).toEqual([800, 600]);
    expect([image.thumbnail.width, image.thumbnail.height]).toEqual([480, 360]);

    const small = await sharp(await fixture('picture.png'))
      .resize(200)
      .png()
      .toBuffer();
    const smallImage = await expectImage(small, 'image/png');
    expect([smallImage.thumbnail.width, smallImage.thumbnail.height]).toEqual([200, 150]);
  });

  it('keeps an animated GIF animated, with a still thumbnail', async () => {
    const gif = await fixture('animated.gif');
    const image = await expectImage(gif, 'image/gif');
    const metadata = await sharp(image.bytes).metadata();
    expect(metadata.pages).toBe(10);
    expect(metadata.delay).toEqual((await sharp(gif).metadata()).delay);
    expect([image.width, image.height]).toEqual([320, 240]);
    // The last frame is still the last frame.
    const lastFrame = (bytes: Buffer) => samples.pixels(sharp(bytes, { page: 9 }), 64);
    expect(samples.meanDifference(await lastFrame(image.bytes), await lastFrame(gif))).toBeLessThan(
      6,
    );
  });

  it('re-encodes a GIF with a script appended into a GIF without it', async () => {
    const polyglot = await fixture('polyglot.gif');
    expect(polyglot.toString('latin1')).toContain('<script>');
    const image = await expectImage(polyglot, 'image/gif');
    expect(image.bytes.toString('latin1')).not.toContain('script');
    expect((await sharp(image.bytes).metadata()).pages).toBe(10);
  });

  it('keeps an animated WebP animated and an AVIF as AVIF', async () => {
    const webp = await sharp(await fixture('animated.gif'), { animated: true })
      .webp()
      .toBuffer();
    const image = await expectImage(webp, 'image/webp');
    expect((await sharp(image.bytes).metadata()).pages).toBe(10);

    const avif = await sharp(await fixture('picture.png'))
      .avif({ effort: 0 })
      .toBuffer();
    await expectImage(avif, 'image/avif');
  });
});

describe('processImage refuses', () => {
  it('what is not an image, whatever its name', async () => {
    for (const name of ['html-named.png', 'script.svg', 'page.html', 'notes.txt']) {
      const error = await refusal(await fixture(name));
      expect(error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(error.message).toBe(
        'The file is not an image; send a JPEG, PNG, WebP, GIF, or AVIF image.',
      );
    }
  });

  it('HEIC, which the prebuilt sharp cannot decode', async () => {
    expect(sharp.format.heif.input.fileSuffix).not.toContain('.heic');
    expect((await refusal(samples.HEIC_HEADER)).code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('a pixel flood, from its header and quickly', async () => {
    const started = performance.now();
    const error = await refusal(await fixture('pixel-flood.png'));
    expect(error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(error.message).toBe(
      'The image has too many pixels (2500 megapixels); the limit is 50 megapixels.',
    );
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('an animation whose frames add up to too many pixels', async () => {
    // Three 1×1 frames drawn at (5999, 5999): a 6000×6000 canvas per frame, 108 megapixels in all.
    const frame = Buffer.from([0x2c, 0x6f, 0x17, 0x6f, 0x17, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0]);
    const bomb = Buffer.concat([
      Buffer.from('GIF89a', 'latin1'),
      Buffer.from([0x70, 0x17, 0x70, 0x17, 0x80, 0, 0, 0, 0, 0, 255, 255, 255]),
      frame,
      frame,
      frame,
      Buffer.from([0x3b]),
    ]);
    const metadata = await sharp(bomb).metadata();
    expect([metadata.width, metadata.height, metadata.pages]).toEqual([6000, 6000, 3]);
    const error = await refusal(bomb);
    expect(error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(error.message).toMatch(/\(108 megapixels\)/);
  });

  it('a damaged image as unreadable', async () => {
    const photo = await fixture('photo.jpg');
    for (const damaged of [photo.subarray(0, photo.length / 2), photo.subarray(0, 64)]) {
      const error = await refusal(damaged);
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.message).toBe(
        'The image could not be read; the file may be damaged or incomplete.',
      );
    }
  });
});
