import { QueryClient } from '@tanstack/react-query';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { openAuthChannel } from '../auth/auth-channel.js';
import { AuthSession } from '../auth/auth-session.js';
import { withRefreshLock } from '../auth/refresh-lock.js';
import { apiErrorCode } from '../errors/api-error.js';
import { clearDrafts } from '../screens/chats/drafts.js';
import { clearAttachmentDrafts } from '../screens/chats/media/attachment-drafts.js';
import { stopVoicePlayback } from '../screens/chats/voice/app-voice-playback.js';
import { voiceDrafts } from '../screens/chats/voice/voice-drafts.js';
import { callRefresh, createAppClient, type AppClient } from '../trpc/client.js';
import { createLiveConnection, type LiveConnection } from '../trpc/live-connection.js';
import type { AppRouter, TAuthResult } from '../trpc/types.js';

/** Sign-in and sign-out as the whole app sees them: session, cache and other tabs in step. */
export interface AuthActions {
  signedIn(result: TAuthResult): void;
  signedOut(notice?: string | null): void;
}

export interface Services {
  queryClient: QueryClient;
  trpcClient: AppClient;
  /** The WebSocket under `events.stream`; its state drives the offline banner. */
  live: LiveConnection;
  session: AuthSession;
  auth: AuthActions;
}

const NO_RETRY_CODES = new Set(['UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_REQUEST']);

export function createServices(): Services {
  const queryClient = new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (count, error) => count < 2 && !NO_RETRY_CODES.has(apiErrorCode(error) ?? ''),
      },
    },
  });

  const session: AuthSession = new AuthSession({
    callRefresh,
    withLock: withRefreshLock,
    onAuthResult: (result) => {
      const state = session.getState();
      // Another tab signed in as someone else and the shared cookie followed: drop their data.
      if (state.status === 'signedIn' && state.userId !== result.user.id) queryClient.clear();
      // The auth result carries the user, so the profile is known without another round trip.
      queryClient.setQueryData(trpc.profile.me.queryKey(), result.user);
    },
  });
  const live = createLiveConnection(session);
  const trpcClient = createAppClient(session, live);
  const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });

  // Whatever ended the session (sign-out, revocation, another tab), no previous user's data stays.
  session.subscribe(() => {
    if (session.getState().status !== 'signedOut') return;
    queryClient.clear();
    clearDrafts();
    clearAttachmentDrafts();
    voiceDrafts.clear();
    stopVoicePlayback();
  });

  const channel = openAuthChannel((signal) => {
    if (signal === 'signed-out') session.signedOut('You signed out in another tab.');
    else if (session.getState().status !== 'signedIn') void session.start();
  });

  const auth: AuthActions = {
    signedIn(result) {
      session.signedIn(result);
      channel.post('signed-in');
    },
    signedOut(notice = null) {
      session.signedOut(notice);
      channel.post('signed-out');
    },
  };

  return { queryClient, trpcClient, live, session, auth };
}
