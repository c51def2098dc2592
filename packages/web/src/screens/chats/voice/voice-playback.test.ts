import { beforeEach, describe, expect, test } from 'vitest';
import { VoicePlayback, type AudioLike, type VoiceTrack } from './voice-playback.js';

/** Stands in for the browser's media element: it keeps the same state and fires the same events. */
class TestAudio extends EventTarget implements AudioLike {
  src = '';
  currentTime = 0;
  playbackRate = 1;
  defaultPlaybackRate = 1;
  paused = true;
  play(): Promise<void> {
    this.paused = false;
    this.dispatchEvent(new Event('play'));
    return Promise.resolve();
  }
  pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.dispatchEvent(new Event('pause'));
  }
  removeAttribute(): void {
    this.src = '';
  }
  load(): void {}
  /** Playback reaching `seconds`. */
  advance(seconds: number): void {
    this.currentTime = seconds;
    this.dispatchEvent(new Event('timeupdate'));
  }
  /** Playback reaching the end, in the order the browser reports it. */
  finish(): void {
    this.advance(this.currentTime + 1);
    this.pause();
    this.dispatchEvent(new Event('ended'));
  }
}

let audio: TestAudio;
let playback: VoicePlayback;
let started: string[];

function track(key: string, next?: () => VoiceTrack | null): VoiceTrack {
  return {
    key,
    src: `/media/${key}`,
    durationMs: 20_000,
    onStart: () => started.push(key),
    ...(next ? { next } : {}),
  };
}

beforeEach(() => {
  audio = new TestAudio();
  localStorage.clear();
  playback = new VoicePlayback(audio, localStorage);
  started = [];
});

describe('VoicePlayback', () => {
  test('only one plays at a time: starting another pauses the first and keeps its place', () => {
    const a = track('a');
    const b = track('b');
    playback.play(a);
    audio.advance(4);
    playback.play(b);
    expect(audio.src).toBe('/media/b');
    expect(playback.getState()).toMatchObject({ current: 'b', playing: true });
    expect(playback.getState().positions.get('a')).toBe(4000);
    audio.advance(2);
    playback.play(a);
    expect(audio.src).toBe('/media/a');
    expect(audio.currentTime).toBe(4);
    expect(started).toEqual(['a', 'b', 'a']);
  });

  test('toggle pauses the playing track and resumes it', () => {
    const a = track('a');
    playback.toggle(a);
    expect(playback.getState().playing).toBe(true);
    playback.toggle(a);
    expect(playback.getState().playing).toBe(false);
    expect(audio.paused).toBe(true);
    playback.toggle(a);
    expect(playback.getState()).toMatchObject({ current: 'a', playing: true });
  });

  test('when a track ends, the next one starts and the finished one goes back to the start', () => {
    const c = track('c');
    const b = track('b', () => c);
    const a = track('a', () => b);
    playback.play(a);
    audio.finish();
    expect(playback.getState()).toMatchObject({ current: 'b', playing: true });
    expect(playback.getState().positions.get('a')).toBe(0);
    audio.finish();
    audio.finish();
    expect(started).toEqual(['a', 'b', 'c']);
    expect(playback.getState()).toMatchObject({ current: 'c', playing: false });
  });

  test('pausing by hand does not start the next one', () => {
    const a = track('a', () => track('b'));
    playback.play(a);
    playback.pause();
    expect(playback.getState()).toMatchObject({ current: 'a', playing: false });
    expect(started).toEqual(['a']);
  });

  test('seeking moves the playing track, and is remembered for one that is not loaded', () => {
    const a = track('a');
    const b = track('b');
    playback.play(a);
    playback.seek(a, 12_500);
    expect(audio.currentTime).toBe(12.5);
    playback.seek(b, 99_000); // past the end: clamped
    expect(playback.getState().positions.get('b')).toBe(20_000);
    playback.seek(b, 3_000);
    expect(audio.src).toBe('/media/a');
    playback.play(b);
    expect(audio.currentTime).toBe(3);
  });

  test('the speed cycles 1× → 1.5× → 2× → 1×, applies at once and is remembered', () => {
    playback.play(track('a'));
    playback.cycleSpeed();
    expect(audio.playbackRate).toBe(1.5);
    playback.cycleSpeed();
    expect(playback.getState().speed).toBe(2);
    expect(new VoicePlayback(new TestAudio(), localStorage).getState().speed).toBe(2);
    playback.cycleSpeed();
    expect(playback.getState().speed).toBe(1);
  });

  test('a new track plays at the chosen speed', () => {
    playback.cycleSpeed();
    audio.playbackRate = 1; // what a new source does to the element
    playback.play(track('a'));
    expect(audio.playbackRate).toBe(1.5);
  });

  test('a source that cannot play is reported on its track; release and stop unload it', async () => {
    const a = track('a');
    playback.play(a);
    audio.dispatchEvent(new Event('error'));
    expect(playback.getState()).toMatchObject({ failed: 'a', playing: false });
    playback.release('b');
    expect(playback.getState().current).toBe('a');
    playback.release('a');
    expect(playback.getState()).toMatchObject({ current: null, failed: null });
    expect(audio.src).toBe('');

    audio.play = () => Promise.reject(new DOMException('no', 'NotSupportedError'));
    playback.play(a);
    await Promise.resolve();
    expect(playback.getState().failed).toBe('a');
  });

  test('listeners hear every change until they unsubscribe', () => {
    let calls = 0;
    const unsubscribe = playback.subscribe(() => (calls += 1));
    playback.play(track('a'));
    expect(calls).toBeGreaterThan(0);
    unsubscribe();
    const before = calls;
    playback.pause();
    expect(calls).toBe(before);
  });
});
