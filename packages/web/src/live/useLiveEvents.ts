import { useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { useAuthActions, useLiveServices, useMyUserId } from '../app/services-context.js';
import { useTRPC, useTRPCClient } from '../trpc/context.js';
import { reconnectDelayMs } from '../trpc/reconnect-delay.js';
import { applyLiveEvent } from './apply-event.js';
import { useDeliveryReceipts } from './useDeliveryReceipts.js';
import { notifyNewMessage } from './notify-message.js';

/** Before re-subscribing after the API refused the subscription outright (not a lost socket). */
const RESUBSCRIBE_ATTEMPT = 3;

/**
 * The one `events.stream` subscription of the signed-in app; it keeps the query cache live.
 * Returns true while the subscription has failed and waits to be tried again.
 */
export function useLiveEvents(): boolean {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const { session } = useLiveServices();
  const auth = useAuthActions();
  const myUserId = useMyUserId();
  const navigate = useNavigate();
  useDeliveryReceipts();
  const { status, reset } = useSubscription(
    trpc.events.stream.subscriptionOptions(undefined, {
      onData: (tracked) =>
        applyLiveEvent(tracked.data, {
          queryClient,
          trpc,
          client,
          myUserId,
          sessionId: session.sessionId,
          signOut: (notice) => auth.signedOut(notice),
          notify: (event) =>
            notifyNewMessage(event, {
              queryClient,
              trpc,
              myUserId,
              openConversation: (id) => void navigate(`/chats/${id}`),
            }),
        }),
    }),
  );
  // A lost socket is reconnected by the WebSocket client, which resumes from the last event id. An
  // error answer ends the subscription: start a new one, and refetch what it may have missed.
  useEffect(() => {
    if (status !== 'error') return;
    const timer = setTimeout(() => {
      reset();
      void queryClient.invalidateQueries();
    }, reconnectDelayMs(RESUBSCRIBE_ATTEMPT));
    return () => clearTimeout(timer);
  }, [status, reset, queryClient]);
  return status === 'error';
}
