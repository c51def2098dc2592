/** What a voice attachment offers to play: its original and, for WebM/Ogg, an AAC-in-MP4 rendition. */
export interface VoiceSources {
  url: string;
  mediaType: string;
  renditionUrl?: string;
}

/**
 * The original where this browser plays its type, else the rendition (Safari and WebM/Opus), else
 * the original anyway (the player then reports it cannot be played).
 */
export function playableSource(
  sources: VoiceSources,
  canPlayType: (mediaType: string) => CanPlayTypeResult,
): string {
  if (sources.renditionUrl && canPlayType(sources.mediaType) === '') return sources.renditionUrl;
  return sources.url;
}
