// A tRPC client for tests that behaves like a browser tab: it keeps the refresh cookie it is given.
import {
  createTRPCClient,
  createWSClient,
  httpBatchLink,
  httpLink,
  isNonJsonSerializable,
  splitLink,
  wsLink,
  TRPCClientError,
} from '@trpc/client';
import { WebSocket } from 'ws';
import { cookieFetch } from '../client/cookie-fetch.js';
import type { AppRouter } from '../root.js';
import { TEST_ORIGIN } from './harness.js';

export interface TestClient {
  trpc: ReturnType<typeof createTRPCClient<AppRouter>>;
  cookies: Map<string, string>;
  token: string | null;
  fetch: typeof fetch;
}

export function testClient(baseUrl: string, options: { origin?: string } = {}): TestClient {
  const browserLike = cookieFetch((input, init) => {
    const headers = new Headers(init?.headers);
    if (client.token) headers.set('authorization', `Bearer ${client.token}`);
    headers.set('origin', options.origin ?? TEST_ORIGIN);
    return fetch(input, { ...init, headers });
  });
  const client: TestClient = {
    cookies: browserLike.jar,
    token: null,
    fetch: browserLike.fetch,
    trpc: undefined as never,
  };
  const url = `${baseUrl}/trpc`;
  client.trpc = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => isNonJsonSerializable(op.input),
        true: httpLink({ url, fetch: client.fetch }),
        false: httpBatchLink({ url, fetch: client.fetch }),
      }),
    ],
  });
  return client;
}

const DEFAULT_PASSWORD = 'correct horse battery';

/** Registers a user through the API and keeps its access token on the client. */
export async function signedUp(
  baseUrl: string,
  username: string,
  password = 'correct horse battery',
) {
  const client = testClient(baseUrl);
  const result = await client.trpc.auth.register.mutate({
    username,
    password,
    displayName: username,
  });
  client.token = result.accessToken;
  return { client, user: result.user, password };
}

/** Signs in as an existing user from a new client (another device), keeping its access token. */
export async function signedIn(baseUrl: string, username: string, password = DEFAULT_PASSWORD) {
  const client = testClient(baseUrl);
  client.token = (await client.trpc.auth.signIn.mutate({ username, password })).accessToken;
  return client;
}

/** The user and login session a client acts as, for calling server-side functions directly. */
export async function authOf(client: TestClient, userId: string) {
  const sessions = await client.trpc.sessions.list.query();
  return { userId, sessionId: sessions.find((s) => s.current)!.id };
}

/** A WebSocket tRPC client authenticated with connection params. */
export function wsTestClient(
  baseUrl: string,
  token: string | null,
  origin = TEST_ORIGIN,
): { trpc: TestClient['trpc']; close(): Promise<void> } {
  const wsClient = createWSClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/trpc`,
    WebSocket: class extends WebSocket {
      constructor(address: string | URL, protocols?: string | string[]) {
        super(address, protocols, { headers: { origin } });
      }
    } as unknown as typeof globalThis.WebSocket,
    connectionParams: token ? { token } : {},
    retryDelayMs: () => 60_000,
  });
  return {
    trpc: createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient })] }),
    close: () => wsClient.close(),
  };
}

/** The tRPC error code and data of a failed call. */
export async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCClientError) {
      return {
        code: error.data?.code as string,
        status: error.data?.httpStatus as number,
        message: error.message,
        data: error.data as {
          field?: string;
          fieldErrors?: Record<string, string[]>;
          retryAfterSeconds?: number;
        },
      };
    }
    throw error;
  }
  throw new Error('expected the call to fail');
}
