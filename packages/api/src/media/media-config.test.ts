import { describe, expect, it } from 'vitest';
import { readEnv } from '../env.js';
import { DEFAULT_MEDIA_CONFIG, mediaConfigFromEnv } from './media-config.js';

describe('mediaConfigFromEnv', () => {
  it("has the issue's defaults", () => {
    expect(mediaConfigFromEnv(readEnv({}))).toEqual({
      maxBytes: {
        image: 25 * 2 ** 20,
        video: 200 * 2 ** 20,
        voice: 20 * 2 ** 20,
        file: 100 * 2 ** 20,
      },
      voiceMaxMs: 15 * 60_000,
      orphanAgeMs: 24 * 3_600_000,
      sweepIntervalMs: DEFAULT_MEDIA_CONFIG.sweepIntervalMs,
    });
  });

  it('takes limits from MEDIA_* variables', () => {
    const config = mediaConfigFromEnv(
      readEnv({ MEDIA_MAX_VIDEO_MB: '500', MEDIA_MAX_VOICE_MINUTES: '5', MEDIA_ORPHAN_HOURS: '2' }),
    );
    expect(config.maxBytes).toMatchObject({ video: 500 * 2 ** 20, image: 25 * 2 ** 20 });
    expect(config.voiceMaxMs).toBe(5 * 60_000);
    expect(config.orphanAgeMs).toBe(2 * 3_600_000);
  });
});
