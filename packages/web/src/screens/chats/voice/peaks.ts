/** How many bars a voice message's waveform has; the message format allows up to MAX_PEAKS. */
export const PEAK_COUNT = 128;
export const MAX_PEAKS = 256;
/** Below this the recording is silence: bars stay flat instead of amplifying the noise floor. */
const SILENCE = 1e-3;

/**
 * The waveform sent with a voice message: the loudest sample of each of `count` equal slices
 * (across all channels), scaled so the loudest slice is 255. Fewer slices when there are fewer
 * samples than `count`, and never more than MAX_PEAKS.
 */
export function computePeaks(channels: readonly Float32Array[], count = PEAK_COUNT): number[] {
  const length = Math.min(...channels.map((channel) => channel.length));
  if (channels.length === 0 || length === 0) return [];
  const slices = Math.min(count, length, MAX_PEAKS);
  const raw: number[] = [];
  for (let slice = 0; slice < slices; slice += 1) {
    const start = Math.floor((slice * length) / slices);
    const end = Math.floor(((slice + 1) * length) / slices);
    let peak = 0;
    for (const channel of channels) {
      for (let i = start; i < end; i += 1) peak = Math.max(peak, Math.abs(channel[i] ?? 0));
    }
    raw.push(peak);
  }
  const loudest = Math.max(...raw);
  if (loudest < SILENCE) return raw.map(() => 0);
  return raw.map((peak) => Math.round((Math.min(peak, loudest) / loudest) * 255));
}

/** A live level for the recording meter, 0..1, from a slice of samples: -60 dBFS and below is 0. */
export function levelOf(samples: Float32Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  const rms = Math.sqrt(sum / samples.length);
  if (rms === 0) return 0;
  const decibels = 20 * Math.log10(rms);
  return Math.min(1, Math.max(0, (decibels + 60) / 60));
}
