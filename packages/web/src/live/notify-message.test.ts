import { QueryClient } from '@tanstack/react-query';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import type { TConversationSummary, TMessage } from '../screens/chats/conversation-title.js';
import { offlineClient } from '../test/offline-client.js';
import type { AppRouter } from '../trpc/types.js';
import { notifyNewMessage } from './notify-message.js';

let requests: string[] = [];
let shown: string[];

beforeEach(() => {
  shown = [];
  vi.stubGlobal(
    'Notification',
    class {
      static permission = 'granted';
      constructor(title: string) {
        shown.push(title);
      }
    },
  );
  vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

function notifyDeps() {
  const queryClient = new QueryClient();
  const { client, requests: asked } = offlineClient();
  requests = asked;
  const trpc = createTRPCOptionsProxy<AppRouter>({ client, queryClient });
  return { queryClient, trpc, myUserId: 'u1', openConversation: () => undefined };
}

const chatWithLast = (messageId: string) =>
  ({
    id: 'c1',
    kind: 'direct',
    title: null,
    peer: { id: 'u2', username: 'ben', displayName: 'Ben', status: '', picture: null },
    lastMessage: { id: messageId, senderId: 'u2', mentions: [] } as unknown as TMessage,
  }) as TConversationSummary;

test('a message the cached chat list already shows is notified without fetching the list', async () => {
  const deps = notifyDeps();
  deps.queryClient.setQueryData(deps.trpc.conversations.list.queryKey(), [chatWithLast('m9')]);
  await notifyNewMessage({ conversationId: 'c1', messageId: 'm9' }, deps);
  expect(shown).toEqual(['New message from Ben']);
  expect(requests).toEqual([]);
});

test('a message the cached list does not show yet is looked up in a fresh list', async () => {
  const deps = notifyDeps();
  deps.queryClient.setQueryData(deps.trpc.conversations.list.queryKey(), [chatWithLast('m8')]);
  await expect(notifyNewMessage({ conversationId: 'c1', messageId: 'm9' }, deps)).rejects.toThrow();
  expect(requests).toHaveLength(1);
  expect(requests[0]).toContain('conversations.list');
  expect(shown).toEqual([]);
});
