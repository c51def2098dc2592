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
