// Bench users, registered through the API (with the bench child's cheap password hashing).
import type { AppRouter } from '@parley/api';
import { createTRPCClient, httpLink } from '@trpc/client';
import { mapLimit } from './concurrency.js';

export const BENCH_PASSWORD = 'bench password 1';

export interface BenchUser {
  username: string;
  userId: string;
  /** An access token (15 minutes), reused for the raw sockets of the idle and storm scenarios. */
  token: string;
}

export const usernameOf = (index: number) => `bench${index}`;

export async function registerUsers(apiUrl: string, count: number): Promise<BenchUser[]> {
  const trpc = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${apiUrl}/trpc` })] });
  return mapLimit(
    Array.from({ length: count }, (_, i) => i),
    8,
    async (index) => {
      const username = usernameOf(index);
      const result = await trpc.auth.register.mutate({
        username,
        password: BENCH_PASSWORD,
        displayName: `Bench ${index}`,
      });
      return { username, userId: result.user.id, token: result.accessToken };
    },
  );
}

/** Fresh access tokens for the first `count` bench users (tokens live 15 minutes). */
export async function signInTokens(apiUrl: string, count: number): Promise<string[]> {
  const trpc = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${apiUrl}/trpc` })] });
  return mapLimit(
    Array.from({ length: count }, (_, i) => i),
    8,
    async (index) => {
      const result = await trpc.auth.signIn.mutate({
        username: usernameOf(index),
        password: BENCH_PASSWORD,
      });
      return result.accessToken;
    },
  );
}
