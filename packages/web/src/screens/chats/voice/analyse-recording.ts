import { computePeaks } from './peaks.js';

/** Plenty for a waveform and exact for the length; keeps a 15-minute decode near 30 MB. */
const ANALYSIS_RATE = 8000;

/**
 * Decodes a finished recording to measure it: its exact duration (a MediaRecorder WebM carries
 * none in its header) and the waveform peaks sent with the message.
 */
export async function analyseRecording(
  blob: Blob,
): Promise<{ durationMs: number; peaks: number[] }> {
  const context = new OfflineAudioContext({
    numberOfChannels: 1,
    length: 1,
    sampleRate: ANALYSIS_RATE,
  });
  const audio = await context.decodeAudioData(await blob.arrayBuffer());
  const channels = Array.from({ length: audio.numberOfChannels }, (_, i) =>
    audio.getChannelData(i),
  );
  return { durationMs: Math.round(audio.duration * 1000), peaks: computePeaks(channels) };
}
