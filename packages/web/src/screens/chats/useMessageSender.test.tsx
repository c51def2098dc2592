import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import { createTRPCClient, httpLink, type TRPCClient } from '@trpc/client';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import type { ReactNode } from 'react';
import { beforeEach, describe, expect, test } from 'vitest';
import { ServicesContext } from '../../app/services-context.js';
import type { Services } from '../../app/services.js';
import { applyLiveEvent } from '../../live/apply-event.js';
import { TRPCProvider, useTRPC } from '../../trpc/context.js';
import type { AppRouter } from '../../trpc/types.js';
import type { TConversationSummary, TMessage } from './conversation-title.js';
import type { MessagePages } from './message-pages.js';
import { messagesQueryKey } from './messages-query-key.js';
import { useConversationMessages } from './useConversationMessages.js';
import { useMessageSender } from './useMessageSender.js';

type SendInput = { clientMessageId: string; text: string };
/** What one render showed: clientMessageIds pending, and stored in the pages. */
type Render = { pending: string[]; stored: string[] };

let queryClient: QueryClient;
let client: TRPCClient<AppRouter>;
/** Paths of the API requests made, with their input. */
let requests: string[];
/** How the fake API answers `messages.send` and `messages.list`. */
let answerSend: (input: SendInput) => TMessage;
let answerList: () => Promise<TMessage[]>;

const message = (seq: number, senderId = 'u2', clientMessageId = `k${seq}`) =>
  ({
    id: `m${seq}`,
    conversationId: 'c1',
    seq,
    senderId,
    clientMessageId,
    text: `hello ${seq}`,
    createdAt: `2026-03-10T12:00:0${seq}.000Z`,
  }) as TMessage;
/** The API stores each send as the next message, mine. */
const storedAs =
  (seq: number) =>
  ({ clientMessageId, text }: SendInput): TMessage => ({
    ...message(seq, 'u1', clientMessageId),
    text,
  });
const chat = (id: string, lastSeq: number, lastActivityAt: string) =>
  ({ id, lastSeq, unreadCount: 0, lastActivityAt, lastMessage: null }) as TConversationSummary;

beforeEach(() => {
  // Cached data counts as fresh: any request is one the code under test asked for.
  queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity } } });
  requests = [];
  answerList = () => Promise.resolve([]);
  client = createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: 'http://api',
        fetch: async (input, init) => {
          const url = new URL(String(input));
          const path = url.pathname.slice(1);
          const body = url.searchParams.get('input') ?? String(init?.body);
          requests.push(`${path} ${body}`);
          const data =
            path === 'messages.send'
              ? answerSend(JSON.parse(body) as SendInput)
              : path === 'messages.list'
                ? { messages: await answerList(), hasOlder: false, hasNewer: false }
                : [];
          return Response.json({ result: { data } });
        },
      }),
    ],
  });
  const trpc = createTRPCOptionsProxy<AppRouter>({ client, queryClient });
  queryClient.setQueryData(trpc.conversations.list.queryKey(), [
    chat('c2', 5, '2026-03-10T12:00:00.000Z'),
    chat('c1', 2, '2026-03-10T11:00:00.000Z'),
  ]);
  queryClient.setQueryData<MessagePages>(messagesQueryKey('c1'), {
    pages: [{ messages: [message(1), message(2)], hasOlder: false, hasNewer: false }],
    pageParams: [null],
  });
});

/** Only what the hook reads: who I am, and a live connection that does not change state. */
const signedIn = { status: 'signedIn', userId: 'u1' };
const services = {
  session: { getState: () => signedIn, subscribe: () => () => {} },
  live: { connectionState: { subscribe: () => ({ unsubscribe: () => {} }) } },
} as unknown as Services;

/**
 * The conversation as the screen has it: the sender, the loaded pages and the chat list (observed,
 * so making it stale fetches it). Records what each render shows of the sent messages.
 */
function renderConversation() {
  const renders: Render[] = [];
  const wrapper = ({ children }: { children: ReactNode }) => (
    <ServicesContext.Provider value={services}>
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={client} queryClient={queryClient}>
          {children}
        </TRPCProvider>
      </QueryClientProvider>
    </ServicesContext.Provider>
  );
  const { result } = renderHook(
    () => {
      const sender = useMessageSender('c1');
      const history = useConversationMessages('c1');
      const chats = useQuery(useTRPC().conversations.list.queryOptions());
      renders.push({
        pending: sender.pending.map((p) => p.clientMessageId),
        stored: history.messages.map((m) => m.clientMessageId),
      });
      return { sender, messages: history.messages, chats: chats.data };
    },
    { wrapper },
  );
  return { result, renders };
}

/** Sends one message and waits until it is no longer pending; its clientMessageId. */
async function sendAndSettle(view: ReturnType<typeof renderConversation>) {
  act(() => view.result.current.sender.send('mine'));
  const [sent] = view.result.current.sender.pending;
  await waitFor(() => expect(view.result.current.sender.pending).toEqual([]));
  return sent!.clientMessageId;
}

/** Requests made so far: one started now goes out after those already started. */
const requestsMade = async () => {
  await client.profile.me.query().catch(() => undefined);
  return requests.filter((r) => !r.startsWith('profile.me'));
};
const sends = (r: string) => r.startsWith('messages.send');

/** The message.created event of a message as the live connection brings it. */
function deliverEvent(m: TMessage) {
  const event = {
    type: 'message.created' as const,
    conversationId: m.conversationId,
    messageId: m.id,
    seq: m.seq,
    senderId: 'u1',
    message: m,
  };
  applyLiveEvent(event, {
    queryClient,
    trpc: createTRPCOptionsProxy<AppRouter>({ client, queryClient }),
    client,
    myUserId: 'u1',
    sessionId: 's1',
    signOut: () => {},
    notify: () => Promise.resolve(),
  });
}

/** Whether every render since the message was sent showed it, pending or stored. */
function alwaysShown(renders: Render[], clientMessageId: string) {
  const since = renders.slice(renders.findIndex((r) => r.pending.includes(clientMessageId)));
  return since.every(
    (r) => r.pending.includes(clientMessageId) || r.stored.includes(clientMessageId),
  );
}

describe('useMessageSender', () => {
  test('a sent message joins the pages and the chat list from its answer, with no fetch', async () => {
    answerSend = storedAs(3);
    const view = renderConversation();
    const sent = await sendAndSettle(view);
    expect(view.result.current.messages.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(alwaysShown(view.renders, sent)).toBe(true);
    // First in the list, mine so not unread.
    expect(view.result.current.chats?.[0]).toMatchObject({ id: 'c1', lastSeq: 3, unreadCount: 0 });
    expect((await requestsMade()).filter((r) => !sends(r))).toEqual([]);
  });

  test('with messages from others not cached before it, they are fetched and the list too', async () => {
    let stored: TMessage | null = null;
    answerSend = (input) => (stored = storedAs(4)(input));
    let listRequested!: () => void;
    let answer!: (messages: TMessage[]) => void;
    const requested = new Promise<void>((resolve) => (listRequested = resolve));
    answerList = () => {
      listRequested();
      return new Promise((resolve) => (answer = resolve));
    };
    const view = renderConversation();
    // Renders all that happened up to the fetch: the pending copy is still there.
    await act(async () => {
      view.result.current.sender.send('mine');
      await requested;
    });
    expect(view.result.current.sender.pending.map((p) => p.text)).toEqual(['mine']);
    answer([message(3), stored!]);
    await waitFor(() => expect(view.result.current.sender.pending).toEqual([]));
    expect(alwaysShown(view.renders, stored!.clientMessageId)).toBe(true);
    expect(view.result.current.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect((await requestsMade()).filter((r) => !sends(r))).toEqual([
      expect.stringMatching(/^messages\.list .*"after":2/),
      expect.stringMatching(/^conversations\.list /),
    ]);
  });

  test('its live event, before or after the answer, leaves one copy and fetches nothing', async () => {
    answerSend = (input) => {
      const stored = storedAs(3)(input);
      deliverEvent(stored);
      return stored;
    };
    const view = renderConversation();
    await sendAndSettle(view);

    answerSend = storedAs(4);
    await sendAndSettle(view);
    act(() => deliverEvent(view.result.current.messages.at(-1)!));

    expect(view.result.current.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(view.result.current.chats?.map((c) => [c.id, c.lastSeq])).toEqual([
      ['c1', 4],
      ['c2', 5],
    ]);
    expect((await requestsMade()).filter((r) => !sends(r))).toEqual([]);
  });

  test('a retry of a send whose answer was lost (its event was not) leaves one copy', async () => {
    let stored: TMessage | null = null;
    answerSend = (input) => {
      if (stored) return stored;
      stored = storedAs(3)(input);
      deliverEvent(stored);
      throw new Error('connection lost');
    };
    const view = renderConversation();
    act(() => view.result.current.sender.send('mine'));
    await waitFor(() => expect(view.result.current.sender.pending[0]?.failed).toBe(true));
    expect(view.result.current.messages.map((m) => m.seq)).toEqual([1, 2, 3]);
    act(() => view.result.current.sender.retry(view.result.current.sender.pending[0]!));
    await waitFor(() => expect(view.result.current.sender.pending).toEqual([]));
    expect(view.result.current.messages.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(requests.filter(sends)).toHaveLength(2);
  });
});
