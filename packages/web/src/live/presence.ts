import type { QueryClient } from '@tanstack/react-query';
import type { TRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { formatRelativeTime } from '../format/relative-time.js';
import type { AppRouter, RouterOutputs } from '../trpc/types.js';

export type TPresence = RouterOutputs['users']['presence'][number];

/** The `users.presence` input for one person: the query a header reads and `presence` events write. */
export function presenceInput(userId: string) {
  return { userIds: [userId] };
}

/** A `presence` event: that person's cached presence becomes what the event says. */
export function storePresence(
  queryClient: QueryClient,
  trpc: TRPCOptionsProxy<AppRouter>,
  presence: TPresence,
): void {
  queryClient.setQueryData(trpc.users.presence.queryKey(presenceInput(presence.userId)), [
    { userId: presence.userId, online: presence.online, lastSeenAt: presence.lastSeenAt },
  ]);
}

/** "online" or "last seen 5 minutes ago"; null when unknown (not shared with us, never seen). */
export function presenceLabel(presence: TPresence | undefined, nowMs: number): string | null {
  if (!presence) return null;
  if (presence.online) return 'online';
  if (presence.lastSeenAt === null) return null;
  return `last seen ${formatRelativeTime(presence.lastSeenAt, nowMs)}`;
}
