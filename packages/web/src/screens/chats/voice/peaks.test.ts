import { describe, expect, test } from 'vitest';
import { computePeaks, levelOf, MAX_PEAKS, PEAK_COUNT } from './peaks.js';

/** A sine at `amplitude` for `seconds` at 8 kHz. */
function tone(amplitude: number, seconds: number): Float32Array {
  const samples = new Float32Array(8000 * seconds);
  for (let i = 0; i < samples.length; i += 1) samples[i] = amplitude * Math.sin(i / 3);
  return samples;
}

function concat(...parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

describe('computePeaks', () => {
  test('one value per slice, 0..255, the loudest slice at 255', () => {
    const peaks = computePeaks([concat(tone(0.5, 1), tone(0.25, 1))]);
    expect(peaks).toHaveLength(PEAK_COUNT);
    expect(Math.max(...peaks)).toBe(255);
    expect(peaks.every((p) => Number.isInteger(p) && p >= 0 && p <= 255)).toBe(true);
    // The second half is half as loud as the first.
    expect(peaks[10]).toBe(255);
    expect(peaks[PEAK_COUNT - 10]).toBeGreaterThanOrEqual(126);
    expect(peaks[PEAK_COUNT - 10]).toBeLessThanOrEqual(129);
  });

  test('a pause in the middle shows as low bars where it is', () => {
    const peaks = computePeaks([concat(tone(0.8, 1), new Float32Array(8000), tone(0.8, 1))], 30);
    expect(peaks).toHaveLength(30);
    expect(peaks.slice(11, 19).every((p) => p === 0)).toBe(true);
    expect(peaks.slice(0, 9).every((p) => p > 200)).toBe(true);
    expect(peaks.slice(21).every((p) => p > 200)).toBe(true);
  });

  test('takes the louder channel of a stereo recording', () => {
    const left = concat(tone(0.9, 1), new Float32Array(8000));
    const right = concat(new Float32Array(8000), tone(0.9, 1));
    const peaks = computePeaks([left, right], 10);
    expect(peaks.every((p) => p > 240)).toBe(true);
  });

  test('silence stays flat instead of amplifying noise', () => {
    const hiss = new Float32Array(8000).map((_, i) => (i % 2 ? 1e-5 : -1e-5));
    expect(computePeaks([hiss], 16)).toEqual(new Array(16).fill(0));
  });

  test('never more slices than samples, nothing for no samples', () => {
    expect(computePeaks([new Float32Array([0.1, -0.2, 0.4])])).toEqual([64, 128, 255]);
    expect(computePeaks([new Float32Array(0)])).toEqual([]);
    expect(computePeaks([])).toEqual([]);
  });

  test('never more than MAX_PEAKS values', () => {
    expect(computePeaks([tone(0.5, 2)], 10_000)).toHaveLength(MAX_PEAKS);
  });
});

describe('levelOf', () => {
  test('full scale is 1, silence and -60 dBFS are 0, in between rises with loudness', () => {
    expect(levelOf(new Float32Array(256).fill(1))).toBe(1);
    expect(levelOf(new Float32Array(256))).toBe(0);
    expect(levelOf(new Float32Array(256).fill(0.001))).toBeCloseTo(0, 5);
    const quiet = levelOf(tone(0.05, 1));
    const loud = levelOf(tone(0.5, 1));
    expect(quiet).toBeGreaterThan(0);
    expect(loud).toBeGreaterThan(quiet);
    expect(loud).toBeLessThan(1);
  });
});
