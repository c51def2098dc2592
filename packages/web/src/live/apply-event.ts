import type { QueryClient } from '@tanstack/react-query';
import type { TRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { placeMessage, refreshMessage } from '../screens/chats/message-pages.js';
import { messagesQueryKey } from '../screens/chats/messages-query-key.js';
import type { AppClient } from '../trpc/client.js';
import type { AppRouter, RouterOutputs } from '../trpc/types.js';
import { showInChatList } from './chat-list-message.js';
import { storePresence } from './presence.js';
import { clearTyping, markTyping } from './typing.js';
import { noteMention } from './unread-mentions.js';

type Yielded<T> = T extends AsyncIterable<infer U> ? U : never;
export type TLiveEvent = Yielded<RouterOutputs['events']['stream']>['data'];

export interface LiveEventDeps {
  queryClient: QueryClient;
  trpc: TRPCOptionsProxy<AppRouter>;
  client: AppClient;
  myUserId: string;
  /** This tab's login session, to tell our own revocation from another device's. */
  sessionId: string | null;
  signOut(notice: string): void;
  /** Tells the person about a message when they are not looking (see notify-message.ts). */
  notify(event: { conversationId: string; messageId: string }): Promise<void>;
}

export const SESSION_REVOKED_NOTICE = 'This session was signed out from another device.';

/**
 * Brings the query cache up to date with one live event. Events say what changed: a new message is
 * appended (fetched when it did not come with its event, see TLiveEvent), other affected queries
 * are refetched (those on screen at once, the rest when next shown).
 */
export function applyLiveEvent(event: TLiveEvent, deps: LiveEventDeps): void {
  const { queryClient, trpc } = deps;
  const refetchList = () => queryClient.invalidateQueries(trpc.conversations.list.queryFilter());
  const refetchConversation = (conversationId: string) =>
    queryClient.invalidateQueries(trpc.conversations.get.queryFilter({ conversationId }));

  switch (event.type) {
    case 'message.created': {
      clearTyping(queryClient, event.conversationId, event.senderId);
      if (event.mentionsMe) noteMention(queryClient, event.conversationId, event.seq);
      const { message } = event;
      // A failed catch-up leaves the page as it was; the next event or a reload fills the gap.
      void placeMessage(queryClient, deps.client, event.conversationId, message).catch(
        () => undefined,
      );
      if (!message || !showInChatList(queryClient, trpc, message, deps.myUserId)) {
        void refetchList();
      }
      void deps.notify(event).catch(() => undefined);
      return;
    }
    case 'message.updated':
      // Edited, deleted or reacted to: fetched again in place; the list may preview it.
      void refreshMessage(queryClient, deps.client, event.conversationId, event.seq).catch(
        () => undefined,
      );
      void refetchList();
      return;
    case 'typing':
      markTyping(queryClient, event.conversationId, event.userId, Date.now());
      return;
    case 'conversation.delivered':
      void refetchConversation(event.conversationId);
      return;
    case 'conversation.updated':
    case 'conversation.read':
      void refetchConversation(event.conversationId);
      void refetchList();
      return;
    case 'conversation.removed':
      queryClient.removeQueries({ queryKey: messagesQueryKey(event.conversationId) });
      void refetchConversation(event.conversationId);
      void refetchList();
      return;
    case 'profile.updated':
      // Names and pictures appear in the chat list and in every conversation's members.
      void queryClient.invalidateQueries(trpc.conversations.pathFilter());
      void queryClient.invalidateQueries(trpc.profile.me.queryFilter());
      return;
    case 'session.revoked':
      if (event.sessionId === deps.sessionId) deps.signOut(SESSION_REVOKED_NOTICE);
      return;
    case 'presence':
      storePresence(queryClient, trpc, event);
      return;
    case 'inbox.received':
      return; // pairwise envelopes are for SDK devices; the browser's device is hosted by the API
  }
}
