import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '../trpc/types.js';

/** A tRPC client with no server: it records the URLs it is asked for and fails every request. */
export function offlineClient() {
  const requests: string[] = [];
  const client = createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: 'http://invalid',
        fetch: (input) => {
          requests.push(String(input));
          return Promise.reject(new Error('offline'));
        },
      }),
    ],
  });
  return { client, requests };
}
