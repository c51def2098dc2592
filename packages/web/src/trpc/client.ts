import { createTRPCClient, httpBatchLink, httpLink, splitLink, wsLink } from '@trpc/client';
import type { AuthSession } from '../auth/auth-session.js';
import { authRetryLink } from './auth-retry-link.js';
import type { LiveConnection } from './live-connection.js';
import type { AppRouter, TAuthResult } from './types.js';

const url = '/trpc';

/**
 * Subscriptions and sends ride the WebSocket of `live`, which authenticates per connection: a message
 * costs the API no HTTP request (parsing, headers, token check) on top of its work, and a send made
 * while the socket reconnects waits for it (one that was cut off is retried with the same
 * clientMessageId). Every other call goes over HTTP with the in-memory access token, fetched fresh
 * per request.
 */
export function createAppClient(session: AuthSession, live: LiveConnection) {
  const headers = async (): Promise<Record<string, string>> => {
    const token = await session.accessToken();
    return token ? { Authorization: `Bearer ${token}` } : {};
  };
  return createTRPCClient<AppRouter>({
    links: [
      authRetryLink(session),
      splitLink({
        condition: (op) => op.type === 'subscription' || op.path === 'messages.send',
        true: wsLink<AppRouter>({ client: live }),
        false: splitLink({
          // Raw image bytes (octet input) cannot ride in a JSON batch.
          condition: (op) => op.path === 'profile.setPicture',
          true: httpLink({ url, headers }),
          false: httpBatchLink({ url, headers }),
        }),
      }),
    ],
  });
}

export type AppClient = ReturnType<typeof createAppClient>;

const refreshClient = createTRPCClient<AppRouter>({ links: [httpLink({ url })] });

/**
 * `auth.refresh` on its own client, outside the retry link and token headers: the session calls it
 * and must not wait on itself. The httpOnly refresh cookie is sent because `/trpc` is same-origin.
 */
export function callRefresh(): Promise<TAuthResult> {
  return refreshClient.auth.refresh.mutate();
}
