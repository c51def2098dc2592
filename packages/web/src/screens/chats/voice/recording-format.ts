/**
 * What MediaRecorder is asked to record, best first: Opus in WebM (Chrome, Firefox, Edge), AAC in
 * MP4 (Safari records only that), then anything else the API accepts for a voice message.
 */
const CANDIDATES = [
  'audio/webm;codecs=opus',
  'audio/mp4;codecs=mp4a.40.2',
  'audio/mp4',
  'audio/ogg;codecs=opus',
  'audio/webm',
];

/** The first candidate this browser records, or null when it records none of them. */
export function pickRecordingType(isTypeSupported: (type: string) => boolean): string | null {
  return CANDIDATES.find((type) => isTypeSupported(type)) ?? null;
}

/** The bare media type of a recording ("audio/webm;codecs=opus" → "audio/webm"). */
export function baseType(type: string): string {
  return (type.split(';')[0] ?? '').trim().toLowerCase();
}

const EXTENSIONS: Record<string, string> = {
  'audio/webm': 'webm',
  'audio/mp4': 'm4a',
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
};

/** A display name for the upload: "Voice message 2026-03-10 12.04.webm". */
export function voiceFileName(type: string, at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
  const time = `${pad(at.getHours())}.${pad(at.getMinutes())}`;
  return `Voice message ${day} ${time}.${EXTENSIONS[baseType(type)] ?? 'webm'}`;
}
