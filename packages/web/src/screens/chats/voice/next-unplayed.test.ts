import { describe, expect, test } from 'vitest';
import { isUnplayedVoice, nextUnplayedVoice, type VoiceMessageLike } from './next-unplayed.js';

const ME = 'me';
let n = 0;
function message(change: Partial<VoiceMessageLike> = {}): VoiceMessageLike {
  n += 1;
  return {
    id: `m${n}`,
    senderId: 'them',
    deletedAt: null,
    playedAt: null,
    attachments: [{ kind: 'voice' }],
    ...change,
  };
}

describe('nextUnplayedVoice', () => {
  test('the first unplayed voice message after the one that ended', () => {
    const list = [message(), message(), message()];
    expect(nextUnplayedVoice(list, list[0]!.id, ME)).toBe(list[1]);
  });

  test('skips text, images, played, deleted and own voice messages', () => {
    const ended = message();
    const wanted = message();
    const list = [
      ended,
      message({ attachments: [] }),
      message({ attachments: [{ kind: 'image' }] }),
      message({ playedAt: '2026-03-10T12:00:00Z' }),
      message({ deletedAt: '2026-03-10T12:00:00Z' }),
      message({ senderId: ME }),
      wanted,
    ];
    expect(nextUnplayedVoice(list, ended.id, ME)).toBe(wanted);
  });

  test('never goes backwards, and stops at the end', () => {
    const earlier = message();
    const ended = message();
    expect(nextUnplayedVoice([earlier, ended], ended.id, ME)).toBeNull();
  });

  test('nothing when the ended message is no longer in the list', () => {
    expect(nextUnplayedVoice([message()], 'gone', ME)).toBeNull();
  });

  test('a message without attachments (an older API answer) is not a voice message', () => {
    const plain: VoiceMessageLike = { id: 'x', senderId: 'them', deletedAt: null };
    expect(isUnplayedVoice(plain, ME)).toBe(false);
  });
});
