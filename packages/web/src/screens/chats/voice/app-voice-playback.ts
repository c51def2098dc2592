import { useSyncExternalStore } from 'react';
import { VoicePlayback, type PlaybackState } from './voice-playback.js';

let playback: VoicePlayback | null = null;

function localStorageOrNull(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // blocked storage (some privacy settings): the speed is not remembered
  }
}

/** The app's one voice player, made on first use. */
export function appVoicePlayback(): VoicePlayback {
  if (!playback) {
    const audio = new Audio();
    audio.preload = 'metadata';
    playback = new VoicePlayback(audio, localStorageOrNull());
  }
  return playback;
}

/** Stops any voice message playing (sign-out). */
export function stopVoicePlayback(): void {
  playback?.stop();
}

export function useVoicePlaybackState(): PlaybackState {
  const player = appVoicePlayback();
  return useSyncExternalStore(player.subscribe, player.getState);
}

let probe: HTMLAudioElement | null = null;

/** Whether this browser can play `mediaType` ('' no, 'maybe', 'probably'). */
export function canPlayType(mediaType: string): CanPlayTypeResult {
  probe ??= document.createElement('audio');
  return probe.canPlayType(mediaType);
}
