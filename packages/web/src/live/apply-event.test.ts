import { QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpLink } from '@trpc/client';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { beforeEach, describe, expect, test } from 'vitest';
import type { TConversationSummary, TMessage } from '../screens/chats/conversation-title.js';
import type { MessagePages } from '../screens/chats/message-pages.js';
import { messagesQueryKey } from '../screens/chats/messages-query-key.js';
import type { AppRouter } from '../trpc/types.js';
import { applyLiveEvent, SESSION_REVOKED_NOTICE, type LiveEventDeps } from './apply-event.js';
import { presenceInput } from './presence.js';
import { activeTypers, typingQueryKey, type TypingSeen } from './typing.js';

let queryClient: QueryClient;
let deps: LiveEventDeps;
let signOuts: string[];
/** The API requests made (none answered): the cache is seeded by hand and observed. */
let requests: string[];

beforeEach(() => {
  queryClient = new QueryClient();
  requests = [];
  const client = createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: 'http://invalid',
        fetch: (input) => {
          requests.push(decodeURIComponent(String(input)));
          return Promise.reject(new Error('offline'));
        },
      }),
    ],
  });
  const trpc = createTRPCOptionsProxy<AppRouter>({ client, queryClient });
  signOuts = [];
  deps = {
    queryClient,
    trpc,
    client,
    myUserId: 'u1',
    sessionId: 's1',
    signOut: (notice) => signOuts.push(notice),
    notify: () => Promise.resolve(),
  };
  queryClient.setQueryData(trpc.conversations.list.queryKey(), []);
  queryClient.setQueryData(messagesQueryKey('c1'), { pages: [], pageParams: [] });
  queryClient.setQueryData(messagesQueryKey('c2'), { pages: [], pageParams: [] });
});

const invalidated = (key: readonly unknown[]) => queryClient.getQueryState(key)?.isInvalidated;

const message = (conversationId: string, seq: number, senderId = 'u2') =>
  ({
    id: `${conversationId}-m${seq}`,
    conversationId,
    seq,
    senderId,
    clientMessageId: `k${seq}`,
    text: `hello ${seq}`,
    createdAt: `2026-03-10T12:00:0${seq}.000Z`,
  }) as TMessage;
const created = (m: TMessage) => ({
  type: 'message.created' as const,
  conversationId: m.conversationId,
  messageId: m.id,
  seq: m.seq,
  senderId: m.senderId ?? 'u2',
  message: m,
});
const withPages = (conversationId: string, seqs: number[]) =>
  queryClient.setQueryData<MessagePages>(messagesQueryKey(conversationId), {
    pages: [
      {
        messages: seqs.map((seq) => message(conversationId, seq)),
        hasOlder: false,
        hasNewer: false,
      },
    ],
    pageParams: [null],
  });
const cachedIds = (conversationId: string) =>
  queryClient
    .getQueryData<MessagePages>(messagesQueryKey(conversationId))
    ?.pages.flatMap((page) => page.messages.map((m) => m.id));
/**
 * The catch-up fetches started so far: a request started now goes out after them (each takes the
 * same few ticks to reach fetch), so once it has, they have too.
 */
const catchUps = async () => {
  await deps.client.profile.me.query().catch(() => undefined);
  return requests.filter((r) => r.includes('messages.list'));
};

describe('applyLiveEvent', () => {
  test('a message that came with its event is appended without a fetch', async () => {
    withPages('c1', [1, 2]);
    applyLiveEvent(created(message('c1', 3)), deps);
    expect(cachedIds('c1')).toEqual(['c1-m1', 'c1-m2', 'c1-m3']);
    // Not loaded: it loads with the rest when opened.
    applyLiveEvent(created(message('c3', 5)), deps);
    expect(cachedIds('c3')).toBeUndefined();
    expect(await catchUps()).toEqual([]);
  });

  test('messages are fetched when some before it are not cached, or it came without its message', async () => {
    withPages('c1', [1]);
    applyLiveEvent(created(message('c1', 3)), deps);
    expect(cachedIds('c1')).toEqual(['c1-m1']);
    const [gapFilled, ...others] = await catchUps();
    expect(others).toEqual([]);
    expect(gapFilled).toContain('"after":1');

    withPages('c2', [1]);
    const { message: _omitted, ...bare } = created(message('c2', 2));
    applyLiveEvent(bare, deps);
    expect(cachedIds('c2')).toEqual(['c2-m1']);
    expect(await catchUps()).toHaveLength(2);
  });

  test('a repeated event, or my own message my send already fetched, adds nothing', async () => {
    withPages('c1', [1, 2]);
    applyLiveEvent(created(message('c1', 3)), deps);
    applyLiveEvent(created(message('c1', 3)), deps);
    withPages('c2', [1, 2]);
    applyLiveEvent(created(message('c2', 2, 'u1')), deps);
    expect(cachedIds('c1')).toEqual(['c1-m1', 'c1-m2', 'c1-m3']);
    expect(cachedIds('c2')).toEqual(['c2-m1', 'c2-m2']);
    expect(await catchUps()).toEqual([]);
  });

  test('a new message without its content makes the chat list stale, and keeps cached pages', () => {
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

  test('the chat list shows a new message in place: first, as preview, unread when not mine', () => {
    const listKey = deps.trpc.conversations.list.queryKey();
    const chat = (id: string, lastSeq: number, lastActivityAt: string) =>
      ({
        id,
        lastSeq,
        lastReadSeq: 1,
        unreadCount: 0,
        lastActivityAt,
        lastMessage: null,
      }) as TConversationSummary;
    queryClient.setQueryData(listKey, [
      chat('c2', 7, '2026-03-10T11:00:00.000Z'),
      chat('c1', 2, '2026-03-10T10:00:00.000Z'),
    ]);
    const fromBen = message('c1', 3);
    applyLiveEvent(created(fromBen), deps);
    const mine = message('c1', 4, 'u1');
    applyLiveEvent(created(mine), deps);
    const [first, second] = queryClient.getQueryData(listKey) ?? [];
    expect(first).toMatchObject({ id: 'c1', lastSeq: 4, unreadCount: 1, lastMessage: mine });
    expect(first?.lastActivityAt).toBe(mine.createdAt);
    expect(second?.id).toBe('c2');
    expect(invalidated(listKey)).toBe(false);
  });

  test('the chat list is refetched for a conversation it does not have, or is behind on', () => {
    const listKey = deps.trpc.conversations.list.queryKey();
    const behind = { id: 'c1', lastSeq: 1, unreadCount: 0 } as TConversationSummary;
    queryClient.setQueryData(listKey, [behind]);
    applyLiveEvent(created(message('c9', 1)), deps);
    expect(invalidated(listKey)).toBe(true);

    queryClient.setQueryData(listKey, [behind]);
    applyLiveEvent(created(message('c1', 3)), deps);
    expect(invalidated(listKey)).toBe(true);
    expect(queryClient.getQueryData(listKey)).toEqual([behind]);
  });

  test('a chat list being fetched is fetched again (its answer may predate the message)', () => {
    const listKey = deps.trpc.conversations.list.queryKey();
    const chat = { id: 'c1', lastSeq: 2, unreadCount: 0 } as TConversationSummary;
    queryClient.setQueryData(listKey, [chat]);
    void queryClient.fetchQuery({ queryKey: listKey, queryFn: () => new Promise<never>(() => {}) });
    applyLiveEvent(created(message('c1', 3)), deps);
    expect(invalidated(listKey)).toBe(true);
    expect(queryClient.getQueryData(listKey)).toEqual([chat]);
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
