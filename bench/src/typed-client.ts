// The typed tRPC client (createTRPCClient<AppRouter>, what the SDK's ParleyClient wraps) holding a
// user's access token, routed as the web app routes its calls: the event stream and message sends
// over one WebSocket, everything else over HTTP.
import type { AppRouter } from '@parley/api';
import { createTRPCClient, createWSClient, httpLink, splitLink, wsLink } from '@trpc/client';
import { WebSocket } from 'ws';

// Jittered exponential backoff (as the SDK does), so a restart is not met by every client at once.
const backoff = (attempt: number) => Math.min(30_000, 2 ** attempt * 500) * (0.5 + Math.random());

export function typedClient(apiUrl: string, token: string) {
  const socket = createWSClient({
    url: `${apiUrl.replace(/^http/, 'ws')}/trpc`,
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    lazy: { enabled: true, closeMs: 0 },
    connectionParams: { token },
    retryDelayMs: backoff,
  });
  const trpc = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription' || op.path === 'messages.send',
        true: wsLink({ client: socket }),
        false: httpLink({ url: `${apiUrl}/trpc`, headers: { authorization: `Bearer ${token}` } }),
      }),
    ],
  });
  return { trpc, close: () => socket.close() };
}

export type TypedClient = ReturnType<typeof typedClient>;
