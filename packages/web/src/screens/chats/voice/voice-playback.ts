import { readSpeed, saveSpeed, nextSpeed, type Speed } from './playback-speed.js';

/** One playable voice recording: a voice message, or the recording under review. */
export interface VoiceTrack {
  key: string;
  src: string;
  durationMs: number;
  /** Called each time this track starts playing (e.g. to mark the message played). */
  onStart?(): void;
  /** What to play when this track ends by itself (the next unplayed voice message), if anything. */
  next?(): VoiceTrack | null;
}

export interface PlaybackState {
  /** The track loaded in the player, playing or paused; null when none is. */
  current: string | null;
  playing: boolean;
  /** Each track's position, kept while the listener plays others. */
  positions: ReadonlyMap<string, number>;
  speed: Speed;
  /** The track whose source could not be played. */
  failed: string | null;
}

/** The part of HTMLAudioElement the controller uses, so the logic is testable without a browser. */
export interface AudioLike extends EventTarget {
  src: string;
  currentTime: number;
  playbackRate: number;
  defaultPlaybackRate: number;
  play(): Promise<void>;
  pause(): void;
  removeAttribute(name: string): void;
  load(): void;
}

/**
 * Plays voice recordings through ONE audio element for the whole app, so only one ever plays: a
 * player that starts takes the element from whichever was playing. When a track ends on its own,
 * its `next()` track starts. Players render from `getState()` and call the methods below.
 */
export class VoicePlayback {
  #state: PlaybackState;
  #track: VoiceTrack | null = null;
  readonly #audio: AudioLike;
  readonly #storage: Storage | null;
  readonly #listeners = new Set<() => void>();

  constructor(audio: AudioLike, storage: Storage | null) {
    this.#audio = audio;
    this.#storage = storage;
    const speed = readSpeed(storage);
    this.#state = { current: null, playing: false, positions: new Map(), speed, failed: null };
    audio.addEventListener('timeupdate', () => this.#syncPosition());
    audio.addEventListener('play', () => this.#set({ playing: true }));
    audio.addEventListener('pause', () => {
      this.#syncPosition();
      this.#set({ playing: false });
    });
    audio.addEventListener('ended', () => this.#ended());
    audio.addEventListener('error', () => {
      if (this.#state.current) this.#set({ playing: false, failed: this.#state.current });
    });
  }

  readonly getState = (): PlaybackState => this.#state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** Plays `track` from where it was left; whatever else was playing pauses. */
  play(track: VoiceTrack): void {
    this.#load(track);
    this.#audio.playbackRate = this.#state.speed;
    this.#set({ failed: null });
    track.onStart?.();
    this.#audio.play().catch((error: unknown) => {
      // A newer play() or pause() interrupting this one is not a failure.
      if (error instanceof DOMException && error.name === 'AbortError') return;
      this.#set({ playing: false, failed: track.key });
    });
  }

  pause(): void {
    this.#audio.pause();
  }

  toggle(track: VoiceTrack): void {
    if (this.#state.current === track.key && this.#state.playing) this.pause();
    else this.play(track);
  }

  /** Moves `track` to `ms`; the one playing keeps playing from there, another just remembers it. */
  seek(track: VoiceTrack, ms: number): void {
    const position = Math.min(Math.max(0, ms), track.durationMs);
    if (this.#state.current === track.key) this.#audio.currentTime = position / 1000;
    this.#set({ positions: new Map(this.#state.positions).set(track.key, position) });
  }

  /** 1× → 1.5× → 2× → 1×, for every voice message from now on, remembered for next time. */
  cycleSpeed(): void {
    const speed = nextSpeed(this.#state.speed);
    saveSpeed(this.#storage, speed);
    this.#audio.playbackRate = speed;
    this.#audio.defaultPlaybackRate = speed;
    this.#set({ speed });
  }

  /** Stops and unloads `key` if it is loaded (its source is going away, e.g. a discarded draft). */
  release(key: string): void {
    if (this.#state.current !== key) return;
    this.stop();
  }

  /** Stops everything (sign-out). */
  stop(): void {
    this.#audio.pause();
    this.#audio.removeAttribute('src');
    this.#audio.load();
    this.#track = null;
    this.#set({ current: null, playing: false, failed: null });
  }

  #load(track: VoiceTrack): void {
    this.#track = track;
    if (this.#state.current === track.key) return;
    this.#audio.pause();
    this.#audio.src = track.src;
    // Before metadata this sets the start position, which is what resuming needs.
    this.#audio.currentTime = (this.#state.positions.get(track.key) ?? 0) / 1000;
    this.#set({ current: track.key });
  }

  #ended(): void {
    const track = this.#track;
    if (!track) return;
    this.#set({ playing: false, positions: new Map(this.#state.positions).set(track.key, 0) });
    const next = track.next?.();
    if (next) this.play(next);
  }

  #syncPosition(): void {
    const key = this.#state.current;
    if (!key) return;
    const ms = Math.round(this.#audio.currentTime * 1000);
    if (this.#state.positions.get(key) === ms) return;
    this.#set({ positions: new Map(this.#state.positions).set(key, ms) });
  }

  #set(change: Partial<PlaybackState>): void {
    this.#state = { ...this.#state, ...change };
    for (const listener of this.#listeners) listener();
  }
}
