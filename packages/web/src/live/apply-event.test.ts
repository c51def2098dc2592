import { QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpLink } from '@trpc/client';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { beforeEach, describe, expect, test } from 'vitest';
import { messagesQueryKey } from '../screens/chats/messages-query-key.js';
import type { AppRouter } from '../trpc/types.js';
import { applyLiveEvent, SESSION_REVOKED_NOTICE, type LiveEventDeps } from './apply-event.js';
import { presenceInput } from './presence.js';
import { activeTypers, typingQueryKey, type TypingSeen } from './typing.js';

let queryClient: QueryClient;
let deps: LiveEventDeps;
let signOuts: string[];

beforeEach(() => {
  queryClient = new QueryClient();
  // Nothing listens there: the cache is seeded by hand and only what happens to it is observed.
  const client = createTRPCClient<AppRouter>({ links: [httpLink({ url: 'http://invalid' })] });
  const trpc = createTRPCOptionsProxy<AppRouter>({ client, queryClient });
  signOuts = [];
  deps = {
    queryClient,
    trpc,
    client,
    sessionId: 's1',
    signOut: (notice) => signOuts.push(notice),
    notify: () => Promise.resolve(),
  };
  queryClient.setQueryData(trpc.conversations.list.queryKey(), []);
  queryClient.setQueryData(messagesQueryKey('c1'), { pages: [], pageParams: [] });
  queryClient.setQueryData(messagesQueryKey('c2'), { pages: [], pageParams: [] });
});

const invalidated = (key: readonly unknown[]) => queryClient.getQueryState(key)?.isInvalidated;

describe('applyLiveEvent', () => {
  test('a new message makes the chat list stale, and keeps cached pages (it appends to them)', () => {
    applyLiveEvent(
      { type: 'message.created', conversationId: 'c1', messageId: 'm', seq: 3, senderId: 'u2' },
      deps,
    );
    expect(invalidated(deps.trpc.conversations.list.queryKey())).toBe(true);
    expect(invalidated(messagesQueryKey('c1'))).toBe(false);
  });

  test('a message that mentions me is remembered for the chat list', () => {
    const created = {
      type: 'message.created' as const,
      conversationId: 'c1',
      messageId: 'm',
      senderId: 'u2',
    };
    applyLiveEvent({ ...created, seq: 3 }, deps);
    expect(queryClient.getQueryData(['mentions-me'])).toBeUndefined();
    applyLiveEvent({ ...created, seq: 4, mentionsMe: true }, deps);
    expect(queryClient.getQueryData(['mentions-me'])).toEqual({ c1: 4 });
  });

  test('a read receipt makes that conversation and the list stale', () => {
    const key = (conversationId: string) =>
      deps.trpc.conversations.get.queryKey({ conversationId });
    const conversation = (id: string) => ({
      id,
      kind: 'direct' as const,
      title: null,
      shareHistory: false,
      epoch: 0,
      lastSeq: 3,
      createdAt: '2026-03-10T12:00:00.000Z',
      lastActivityAt: '2026-03-10T12:00:00.000Z',
      myRole: 'member' as const,
      members: [],
    });
    queryClient.setQueryData(key('c1'), conversation('c1'));
    queryClient.setQueryData(key('c2'), conversation('c2'));
    applyLiveEvent(
      { type: 'conversation.read', conversationId: 'c2', userId: 'u2', lastReadSeq: 3 },
      deps,
    );
    expect(invalidated(key('c2'))).toBe(true);
    expect(invalidated(key('c1'))).toBe(false);
    expect(invalidated(deps.trpc.conversations.list.queryKey())).toBe(true);
  });

  test('typing marks that person typing there, and their message ends it', () => {
    const typers = (conversationId: string) =>
      activeTypers(queryClient.getQueryData<TypingSeen>(typingQueryKey(conversationId)), Date.now())
        .userIds;
    applyLiveEvent({ type: 'typing', conversationId: 'c1', userId: 'u2' }, deps);
    applyLiveEvent({ type: 'typing', conversationId: 'c1', userId: 'u3' }, deps);
    expect(typers('c1')).toEqual(['u2', 'u3']);
    expect(typers('c2')).toEqual([]);
    applyLiveEvent(
      { type: 'message.created', conversationId: 'c1', messageId: 'm', seq: 4, senderId: 'u2' },
      deps,
    );
    expect(typers('c1')).toEqual(['u3']);
  });

  test('a removed conversation drops its messages from the cache', () => {
    applyLiveEvent({ type: 'conversation.removed', conversationId: 'c1' }, deps);
    expect(queryClient.getQueryData(messagesQueryKey('c1'))).toBeUndefined();
    expect(queryClient.getQueryData(messagesQueryKey('c2'))).toBeDefined();
  });

  test('signs out when this session is revoked, not when another one is', () => {
    applyLiveEvent({ type: 'session.revoked', sessionId: 's2' }, deps);
    expect(signOuts).toEqual([]);
    applyLiveEvent({ type: 'session.revoked', sessionId: 's1' }, deps);
    expect(signOuts).toEqual([SESSION_REVOKED_NOTICE]);
  });

  test("presence replaces that person's cached presence, no one else's", () => {
    const key = (userId: string) => deps.trpc.users.presence.queryKey(presenceInput(userId));
    const ben = { userId: 'u2', online: false, lastSeenAt: '2026-03-10T11:00:00.000Z' };
    const cy = { userId: 'u3', online: false, lastSeenAt: '2026-03-10T10:00:00.000Z' };
    queryClient.setQueryData(key('u2'), [ben]);
    queryClient.setQueryData(key('u3'), [cy]);
    applyLiveEvent({ type: 'presence', userId: 'u2', online: true, lastSeenAt: null }, deps);
    expect(queryClient.getQueryData(key('u2'))).toEqual([
      { userId: 'u2', online: true, lastSeenAt: null },
    ]);
    expect(queryClient.getQueryData(key('u3'))).toEqual([cy]);
    applyLiveEvent(
      { type: 'presence', userId: 'u2', online: false, lastSeenAt: '2026-03-10T12:00:00.000Z' },
      deps,
    );
    expect(queryClient.getQueryData(key('u2'))).toEqual([
      { userId: 'u2', online: false, lastSeenAt: '2026-03-10T12:00:00.000Z' },
    ]);
  });
});
