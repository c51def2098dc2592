import { describe, expect, test } from 'vitest';
import { baseType, pickRecordingType, voiceFileName } from './recording-format.js';

describe('pickRecordingType', () => {
  test('Opus in WebM where the browser records it', () => {
    expect(pickRecordingType(() => true)).toBe('audio/webm;codecs=opus');
  });

  test('AAC in MP4 where that is what the browser records (Safari)', () => {
    const safari = new Set(['audio/mp4', 'audio/mp4;codecs=mp4a.40.2']);
    expect(pickRecordingType((type) => safari.has(type))).toBe('audio/mp4;codecs=mp4a.40.2');
  });

  test('Ogg Opus before a bare WebM, and null when nothing fits', () => {
    const old = new Set(['audio/ogg;codecs=opus', 'audio/webm']);
    expect(pickRecordingType((type) => old.has(type))).toBe('audio/ogg;codecs=opus');
    expect(pickRecordingType(() => false)).toBeNull();
  });
});

describe('baseType and voiceFileName', () => {
  test('the media type without parameters', () => {
    expect(baseType('audio/webm;codecs=opus')).toBe('audio/webm');
    expect(baseType('Audio/MP4')).toBe('audio/mp4');
  });

  test('the extension follows the container', () => {
    const at = new Date(2026, 2, 10, 9, 4);
    expect(voiceFileName('audio/webm;codecs=opus', at)).toBe('Voice message 2026-03-10 09.04.webm');
    expect(voiceFileName('audio/mp4', at)).toBe('Voice message 2026-03-10 09.04.m4a');
    expect(voiceFileName('audio/ogg;codecs=opus', at)).toBe('Voice message 2026-03-10 09.04.ogg');
  });
});
