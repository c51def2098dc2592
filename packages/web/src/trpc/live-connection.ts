import { createWSClient } from '@trpc/client';
import type { AuthSession } from '../auth/auth-session.js';
import { reconnectDelayMs } from './reconnect-delay.js';

/** Same origin as the page: the web server (and Vite in dev) proxies `/trpc` upgrades to the API. */
function liveUrl(location: Location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/trpc`;
}

/**
 * The WebSocket that carries subscriptions. Lazy, so it opens only once a subscription starts (after
 * sign-in) and each connection authenticates with the token current at that moment. The API builds
 * its context once per connection, so whenever the token changes (refresh, sign-in as someone else,
 * sign-out) the socket is dropped and the client reconnects, resending the last event id.
 */
export function createLiveConnection(session: AuthSession) {
  const client = createWSClient({
    url: liveUrl(window.location),
    lazy: { enabled: true, closeMs: 0 },
    connectionParams: async () => {
      const token = await session.accessToken();
      return token ? { token } : null;
    },
    retryDelayMs: (attempt) => reconnectDelayMs(attempt),
  });
  let generation = session.generation;
  session.subscribe(() => {
    if (session.generation === generation) return;
    generation = session.generation;
    client.connection?.ws.close();
  });
  return client;
}

export type LiveConnection = ReturnType<typeof createLiveConnection>;
