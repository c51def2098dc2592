import { QueryClient } from '@tanstack/react-query';
import { beforeEach, describe, expect, test } from 'vitest';
import type { TMessage } from '../conversation-title.js';
import type { TAttachmentView } from '../media/attachment-types.js';
import type { MessagePages } from '../message-pages.js';
import { messagesQueryKey } from '../messages-query-key.js';
import { voiceMessageTrack, type TrackContext } from './voice-message-track.js';

const KEY = messagesQueryKey('c1');
let seq = 0;

function voice(id: string): TAttachmentView {
  return {
    id,
    kind: 'voice',
    name: 'Voice message.webm',
    mediaType: 'audio/webm',
    size: 1000,
    durationMs: 4_000,
    waveform: [1, 2, 3],
    url: `/media/${id}?t=a`,
    renditionUrl: `/media/${id}-aac?t=b`,
  };
}

function message(senderId: string, attachments: TAttachmentView[] = []): TMessage {
  seq += 1;
  return {
    id: `m${seq}`,
    conversationId: 'c1',
    seq,
    senderId,
    senderDeviceId: 1,
    clientMessageId: `client${seq}`,
    text: '',
    replyToId: null,
    mentions: [],
    reactions: [],
    attachments,
    playedAt: null,
    createdAt: '2026-03-10T12:00:00.000Z',
    editedAt: null,
    deletedAt: null,
  };
}

let queryClient: QueryClient;
let calls: { conversationId: string; messageId: string }[];
let answer: () => Promise<unknown>;

function context(canPlay: CanPlayTypeResult = 'maybe'): TrackContext {
  return {
    queryClient,
    myUserId: 'me',
    markPlayed: (input) => {
      calls.push(input);
      return answer();
    },
    canPlayType: () => canPlay,
  };
}

function cache(...messages: TMessage[]): void {
  const pages: MessagePages = {
    pages: [{ messages, hasOlder: false, hasNewer: false }],
    pageParams: [null],
  };
  queryClient.setQueryData(KEY, pages);
}

const cached = (id: string) =>
  queryClient.getQueryData<MessagePages>(KEY)?.pages[0]?.messages.find((m) => m.id === id);

beforeEach(() => {
  queryClient = new QueryClient();
  calls = [];
  answer = () => Promise.resolve({ ok: true });
});

describe('voiceMessageTrack', () => {
  test('plays the original where the browser can, else the AAC rendition', () => {
    const first = message('ann', [voice('a1')]);
    expect(voiceMessageTrack(context('maybe'), first, voice('a1'))).toMatchObject({
      key: `${first.id}/a1`,
      src: '/media/a1?t=a',
      durationMs: 4_000,
    });
    expect(voiceMessageTrack(context(''), first, voice('a1')).src).toBe('/media/a1-aac?t=b');
  });

  test('starting it marks it played at once and tells the API once', async () => {
    const first = message('ann', [voice('a1')]);
    cache(first);
    const track = voiceMessageTrack(context(), first, voice('a1'));
    track.onStart?.();
    expect(cached(first.id)?.playedAt).not.toBeNull();
    expect(calls).toEqual([{ conversationId: 'c1', messageId: first.id }]);
    track.onStart?.(); // played again: the cache already says so
    await Promise.resolve();
    expect(calls).toHaveLength(1);
  });

  test('the played mark is undone when the API refuses it', async () => {
    const first = message('ann', [voice('a1')]);
    cache(first);
    answer = () => Promise.reject(new Error('offline'));
    voiceMessageTrack(context(), first, voice('a1')).onStart?.();
    expect(cached(first.id)?.playedAt).not.toBeNull();
    await expect.poll(() => cached(first.id)?.playedAt).toBeNull();
  });

  test('own voice messages are never marked', () => {
    const mine = message('me', [voice('a1')]);
    cache(mine);
    voiceMessageTrack(context(), mine, voice('a1')).onStart?.();
    expect(calls).toEqual([]);
    expect(cached(mine.id)?.playedAt).toBeNull();
  });

  test('next: the following unplayed voice message, as the cache is when this one ends', () => {
    const first = message('ann', [voice('a1')]);
    const text = message('ann');
    const mine = message('me', [voice('a2')]);
    const played = { ...message('ann', [voice('a3')]), playedAt: '2026-03-10T12:01:00.000Z' };
    cache(first, text, mine, played);
    const track = voiceMessageTrack(context(), first, voice('a1'));
    expect(track.next?.()).toBeNull();

    // One arrives while the first is playing: it is next.
    const arrived = message('ann', [voice('a4')]);
    cache(first, text, mine, played, arrived);
    const next = track.next?.();
    expect(next?.key).toBe(`${arrived.id}/a4`);
    // …and it goes on from there in turn.
    expect(next?.next?.()).toBeNull();
  });
});
