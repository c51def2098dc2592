import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import type { AppClient } from '../../trpc/client.js';
import type { TMessage } from './conversation-title.js';
import { messagesQueryKey } from './messages-query-key.js';

export type MessagePage = { messages: TMessage[]; hasOlder: boolean; hasNewer: boolean };
/** Where a page is: the newest messages (null), before or after a seq, or around a message. */
export type MessageCursor = { before: number } | { after: number } | { aroundId: string } | null;
/**
 * A conversation's cached history: pages newest first. Page 0 grows as messages arrive while it
 * reaches the latest message (`hasNewer` false).
 */
export type MessagePages = InfiniteData<MessagePage, MessageCursor>;

const CATCH_UP_LIMIT = 100;

/**
 * Fetches the messages newer than the newest cached one and appends them, so arriving messages
 * join what is on screen instead of a refetch replacing the pages (and what the person was
 * reading). Nothing happens for a conversation not in the cache (it loads fresh when opened), nor
 * while the cached window stops short of the latest message (newer pages load on scrolling down).
 */
export async function catchUpMessages(
  queryClient: QueryClient,
  client: AppClient,
  conversationId: string,
): Promise<void> {
  const key = messagesQueryKey(conversationId);
  let after = newestSeq(queryClient.getQueryData<MessagePages>(key));
  while (after !== null) {
    const page = await client.messages.list.query({ conversationId, after, limit: CATCH_UP_LIMIT });
    queryClient.setQueryData<MessagePages>(key, (data) => withNewer(data, page.messages));
    const last = page.messages.at(-1);
    after = page.hasNewer && last ? last.seq : null;
  }
}

/**
 * Appends a message that came with its live event, without a fetch, when the cached window reaches
 * the message before it (one already there is not added again). False when messages in between
 * are missing from the cache: the caller fetches them (`catchUpMessages`). Nothing to do (true)
 * for a conversation not cached, or a window that stops short of the latest message.
 */
export function appendMessage(queryClient: QueryClient, message: TMessage): boolean {
  const key = messagesQueryKey(message.conversationId);
  const data = queryClient.getQueryData<MessagePages>(key);
  const after = newestSeq(data);
  if (after === null) return true;
  if (after < message.seq - 1) return false;
  queryClient.setQueryData<MessagePages>(key, withNewer(data, [message]));
  return true;
}

/**
 * Puts a new message (from its live event, or the send's answer) in the cached pages: appended, or
 * fetched with what is missing before it (`message` undefined: fetched). A fetch of the pages in
 * flight (the window going back to the latest, a newer page loading) may have read before the
 * message was stored, so it is waited for first: placing against the pages it replaces would drop
 * the message.
 */
export async function placeMessage(
  queryClient: QueryClient,
  client: AppClient,
  conversationId: string,
  message: TMessage | undefined,
): Promise<void> {
  const query = queryClient
    .getQueryCache()
    .find({ queryKey: messagesQueryKey(conversationId), exact: true });
  if (query?.state.fetchStatus === 'fetching') await query.promise?.catch(() => undefined);
  if (message && appendMessage(queryClient, message)) return;
  await catchUpMessages(queryClient, client, conversationId);
}

function newestSeq(data: MessagePages | undefined): number | null {
  const newest = data?.pages[0];
  if (!data || newest?.hasNewer) return null;
  return newest?.messages.at(-1)?.seq ?? 0;
}

/** Page 0 plus the given messages it does not hold yet (concurrent catch-ups may overlap). */
export function withNewer(
  data: MessagePages | undefined,
  messages: TMessage[],
): MessagePages | undefined {
  const [newest, ...older] = data?.pages ?? [];
  if (!data || !newest) return data;
  const top = newest.messages.at(-1)?.seq ?? 0;
  const fresh = messages.filter((m) => m.seq > top);
  if (fresh.length === 0) return data;
  return { ...data, pages: [{ ...newest, messages: [...newest.messages, ...fresh] }, ...older] };
}

/** Fetches one cached message again (edited, deleted or reacted to) and puts it in its place. */
export async function refreshMessage(
  queryClient: QueryClient,
  client: AppClient,
  conversationId: string,
  seq: number,
): Promise<void> {
  const key = messagesQueryKey(conversationId);
  if (!queryClient.getQueryData<MessagePages>(key)) return;
  const page = await client.messages.list.query({ conversationId, after: seq - 1, limit: 1 });
  const [message] = page.messages;
  if (message?.seq === seq) replaceMessage(queryClient, message);
}

export function replaceMessage(queryClient: QueryClient, message: TMessage): void {
  queryClient.setQueryData<MessagePages>(messagesQueryKey(message.conversationId), (data) =>
    withReplaced(data, message),
  );
}

/** The pages with the message of the same id swapped for this one (unchanged if not there). */
export function withReplaced(
  data: MessagePages | undefined,
  message: TMessage,
): MessagePages | undefined {
  if (!data?.pages.some((page) => page.messages.some((m) => m.id === message.id))) return data;
  return {
    ...data,
    pages: data.pages.map((page) => ({
      ...page,
      messages: page.messages.map((m) => (m.id === message.id ? message : m)),
    })),
  };
}
