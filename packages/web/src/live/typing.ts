import type { QueryClient } from '@tanstack/react-query';

/** A `typing` event counts for this long: senders repeat it every few seconds while typing. */
export const TYPING_SHOWN_MS = 5_000;

/** When each person was last seen typing in a conversation (epoch ms), by user id. */
export type TypingSeen = Record<string, number>;

/** Cache key of who is typing in a conversation: ephemeral state, only ever set by live events. */
export function typingQueryKey(conversationId: string) {
  return ['typing', conversationId] as const;
}

export function markTyping(
  queryClient: QueryClient,
  conversationId: string,
  userId: string,
  at: number,
): void {
  queryClient.setQueryData<TypingSeen>(typingQueryKey(conversationId), (seen) => ({
    ...seen,
    [userId]: at,
  }));
}

/** Their message arrived: they are no longer typing it. */
export function clearTyping(queryClient: QueryClient, conversationId: string, userId: string) {
  const key = typingQueryKey(conversationId);
  const seen = queryClient.getQueryData<TypingSeen>(key);
  if (!seen || !(userId in seen)) return;
  const rest = { ...seen };
  delete rest[userId];
  queryClient.setQueryData<TypingSeen>(key, rest);
}

/** Who counts as typing at `now`, and when the first of them stops counting (null: nobody). */
export function activeTypers(
  seen: TypingSeen | undefined,
  now: number,
): { userIds: string[]; until: number | null } {
  const active = Object.entries(seen ?? {}).filter(([, at]) => now - at < TYPING_SHOWN_MS);
  const until =
    active.length > 0 ? Math.min(...active.map(([, at]) => at + TYPING_SHOWN_MS)) : null;
  return { userIds: active.map(([userId]) => userId), until };
}

export function typingLabel(names: string[]): string | null {
  const [first, second] = names;
  if (first === undefined) return null;
  if (second === undefined) return `${first} is typing…`;
  if (names.length === 2) return `${first} and ${second} are typing…`;
  return 'Several people are typing…';
}
