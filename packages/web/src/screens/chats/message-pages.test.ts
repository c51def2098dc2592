import { describe, expect, test } from 'vitest';
import type { TMessage } from './conversation-title.js';
import { withNewer, withReplaced, type MessagePages } from './message-pages.js';

const message = (seq: number) => ({ id: `m${seq}`, seq }) as TMessage;
const pages = (...seqLists: number[][]): MessagePages => ({
  pages: seqLists.map((seqs) => ({
    messages: seqs.map(message),
    hasOlder: false,
    hasNewer: false,
  })),
  pageParams: seqLists.map(() => undefined),
});
const seqs = (data: MessagePages | undefined) =>
  data?.pages.map((page) => page.messages.map((m) => m.seq));

describe('withNewer', () => {
  test('appends newer messages to the newest page and leaves older pages alone', () => {
    expect(seqs(withNewer(pages([3, 4], [1, 2]), [message(5), message(6)]))).toEqual([
      [3, 4, 5, 6],
      [1, 2],
    ]);
  });

  test('skips what the page already holds, so overlapping catch-ups add nothing twice', () => {
    const data = pages([3, 4]);
    expect(withNewer(data, [message(4)])).toBe(data);
    expect(seqs(withNewer(data, [message(4), message(5)]))).toEqual([[3, 4, 5]]);
  });

  test('an empty conversation takes its first messages; an uncached one stays uncached', () => {
    expect(seqs(withNewer(pages([]), [message(1)]))).toEqual([[1]]);
    expect(withNewer(undefined, [message(1)])).toBeUndefined();
  });
});

describe('withReplaced', () => {
  test('swaps the message with the same id in whichever page holds it', () => {
    const edited = { ...message(2), text: 'edited' };
    const data = withReplaced(pages([3, 4], [1, 2]), edited);
    expect(data?.pages[1]?.messages[1]).toBe(edited);
    expect(seqs(data)).toEqual([
      [3, 4],
      [1, 2],
    ]);
  });

  test('leaves the pages as they were when the message is not there', () => {
    const data = pages([3, 4]);
    expect(withReplaced(data, message(9))).toBe(data);
    expect(withReplaced(undefined, message(9))).toBeUndefined();
  });
});
