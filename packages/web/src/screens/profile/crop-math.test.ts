import { describe, expect, test } from 'vitest';
import {
  clampCrop,
  cropRect,
  imagePlacement,
  initialCrop,
  MAX_ZOOM,
  moveCrop,
  zoomCrop,
} from './crop-math.js';

const landscape = { width: 1600, height: 1200 };
const portrait = { width: 600, height: 900 };

describe('crop math', () => {
  test('starts with the largest centred square', () => {
    expect(cropRect(landscape, initialCrop(landscape))).toEqual({ x: 200, y: 0, size: 1200 });
    expect(cropRect(portrait, initialCrop(portrait))).toEqual({ x: 0, y: 150, size: 600 });
  });

  test('zooming keeps the centre and shrinks the square', () => {
    const crop = zoomCrop(landscape, initialCrop(landscape), 2);
    expect(cropRect(landscape, crop)).toEqual({ x: 500, y: 300, size: 600 });
  });

  test('zoom stays between 1 and the maximum', () => {
    expect(zoomCrop(landscape, initialCrop(landscape), 0.2).zoom).toBe(1);
    expect(zoomCrop(landscape, initialCrop(landscape), 50).zoom).toBe(MAX_ZOOM);
  });

  test('moving the picture right moves the kept square left, scaled to image pixels', () => {
    const zoomed = zoomCrop(landscape, initialCrop(landscape), 2); // square of 600 px
    // A 300 px frame shows 600 image px: 30 frame px are 60 image px.
    const moved = moveCrop(landscape, zoomed, 30, -15, 300);
    expect(cropRect(landscape, moved)).toEqual({ x: 440, y: 330, size: 600 });
  });

  test('the square never leaves the image', () => {
    const far = moveCrop(landscape, initialCrop(landscape), -10_000, 10_000, 300);
    expect(cropRect(landscape, far)).toEqual({ x: 400, y: 0, size: 1200 });
    const clamped = clampCrop(portrait, { centerX: -50, centerY: 5_000, zoom: 3 });
    expect(cropRect(portrait, clamped)).toEqual({ x: 0, y: 700, size: 200 });
  });

  test('places the image so the frame shows exactly the square', () => {
    expect(imagePlacement(landscape, { x: 200, y: 0, size: 1200 })).toEqual({
      left: `${(-200 / 1200) * 100}%`,
      top: '0%',
      width: `${(1600 / 1200) * 100}%`,
      height: '100%',
    });
  });
});
