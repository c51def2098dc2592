import type { Env } from '../env.js';
import { LIMITS } from '../shared/validation.js';
import type { TMediaKind } from './media-kind.js';

/** Upload limits and the orphan sweep, part of ApiConfig. */
export interface MediaConfig {
  /** Largest upload per kind, in plaintext bytes (client-encrypted uploads: its encrypted size). */
  maxBytes: Record<TMediaKind, number>;
  /** Longest voice message, measured on the server. */
  voiceMaxMs: number;
  /** Uploads no message has referenced for this long are deleted. */
  orphanAgeMs: number;
  /** How often an API process sweeps orphans. */
  sweepIntervalMs: number;
}

export const DEFAULT_MEDIA_CONFIG: MediaConfig = {
  maxBytes: { ...LIMITS.mediaMaxBytes },
  voiceMaxMs: LIMITS.voiceMaxMs,
  orphanAgeMs: 24 * 60 * 60 * 1000,
  sweepIntervalMs: 60 * 60 * 1000,
};

const MB = 1024 * 1024;

/** The defaults, with what the environment (MEDIA_*) sets instead. */
export function mediaConfigFromEnv(env: Env): MediaConfig {
  const { maxBytes } = DEFAULT_MEDIA_CONFIG;
  const bytes = (mb: number | undefined, fallback: number) =>
    mb === undefined ? fallback : Math.floor(mb * MB);
  return {
    ...DEFAULT_MEDIA_CONFIG,
    maxBytes: {
      image: bytes(env.MEDIA_MAX_IMAGE_MB, maxBytes.image),
      video: bytes(env.MEDIA_MAX_VIDEO_MB, maxBytes.video),
      voice: bytes(env.MEDIA_MAX_VOICE_MB, maxBytes.voice),
      file: bytes(env.MEDIA_MAX_FILE_MB, maxBytes.file),
    },
    voiceMaxMs: (env.MEDIA_MAX_VOICE_MINUTES ?? DEFAULT_MEDIA_CONFIG.voiceMaxMs / 60_000) * 60_000,
    orphanAgeMs:
      (env.MEDIA_ORPHAN_HOURS ?? DEFAULT_MEDIA_CONFIG.orphanAgeMs / 3_600_000) * 3_600_000,
  };
}
