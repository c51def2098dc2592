import { QueryClient } from '@tanstack/react-query';
import { describe, expect, test } from 'vitest';
import { offlineClient } from '../../test/offline-client.js';
import type { TMessage } from './conversation-title.js';
import {
  appendMessage,
  catchUpMessages,
  placeMessage,
  withNewer,
  withReplaced,
  type MessageCursor,
  type MessagePage,
  type MessagePages,
} from './message-pages.js';
import { messagesQueryKey } from './messages-query-key.js';

const message = (seq: number) => ({ id: `m${seq}`, seq }) as TMessage;
const pages = (...seqLists: number[][]): MessagePages => ({
  pages: seqLists.map((seqs) => ({
    messages: seqs.map(message),
    hasOlder: false,
    hasNewer: false,
  })),
  pageParams: seqLists.map(() => null),
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

describe('appendMessage', () => {
  const arrived = (seq: number) => ({ ...message(seq), conversationId: 'c1' });

  test('appends only to a window that reaches the message before it', () => {
    const queryClient = new QueryClient();
    const key = messagesQueryKey('c1');
    queryClient.setQueryData(key, pages([3, 4]));
    expect(appendMessage(queryClient, arrived(6))).toBe(false);
    expect(appendMessage(queryClient, arrived(5))).toBe(true);
    expect(appendMessage(queryClient, arrived(5))).toBe(true);
    expect(seqs(queryClient.getQueryData(key))).toEqual([[3, 4, 5]]);
  });

  test('leaves a window short of the latest, or an uncached conversation, alone', () => {
    const queryClient = new QueryClient();
    const detached: MessagePages = {
      pages: [{ messages: [message(40)], hasOlder: true, hasNewer: true }],
      pageParams: [{ aroundId: 'm40' }],
    };
    expect(appendMessage(queryClient, arrived(41))).toBe(true);
    expect(queryClient.getQueryData(messagesQueryKey('c1'))).toBeUndefined();
    queryClient.setQueryData(messagesQueryKey('c1'), detached);
    expect(appendMessage(queryClient, arrived(90))).toBe(true);
    expect(queryClient.getQueryData(messagesQueryKey('c1'))).toBe(detached);
  });
});

describe('placeMessage', () => {
  test('waits for a fetch of the pages in flight, which may have read before the message was stored', async () => {
    const queryClient = new QueryClient();
    const { client, requests } = offlineClient();
    const key = messagesQueryKey('c1');
    let answer = (_: MessagePage) => {};
    // The window going back to the latest: its page was read before message 5 was stored.
    const refetch = queryClient.fetchInfiniteQuery({
      queryKey: key,
      queryFn: () => new Promise<MessagePage>((resolve) => (answer = resolve)),
      initialPageParam: null as MessageCursor,
    });
    const placed = placeMessage(queryClient, client, 'c1', { ...message(5), conversationId: 'c1' });
    answer({ messages: [message(3), message(4)], hasOlder: false, hasNewer: false });
    await refetch;
    await placed;
    expect(seqs(queryClient.getQueryData(key))).toEqual([[3, 4, 5]]);
    expect(requests).toEqual([]);
  });
});

describe('catchUpMessages', () => {
  test('leaves a window that stops short of the latest message alone (it loads newer on scroll)', async () => {
    const queryClient = new QueryClient();
    const { client, requests } = offlineClient();
    const detached: MessagePages = {
      pages: [{ messages: [message(40), message(41)], hasOlder: true, hasNewer: true }],
      pageParams: [{ aroundId: 'm40' }],
    };
    queryClient.setQueryData(messagesQueryKey('c1'), detached);
    await catchUpMessages(queryClient, client, 'c1');
    expect(requests).toEqual([]);
    expect(queryClient.getQueryData(messagesQueryKey('c1'))).toBe(detached);

    // Reaching the latest, it asks for what came after its newest message.
    queryClient.setQueryData(messagesQueryKey('c1'), pages([40, 41]));
    await expect(catchUpMessages(queryClient, client, 'c1')).rejects.toThrow();
    expect(requests).toHaveLength(1);
    expect(decodeURIComponent(requests[0]!)).toContain('"after":41');
  });
});
