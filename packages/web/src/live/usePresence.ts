import { skipToken, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTRPC } from '../trpc/context.js';
import { presenceInput, presenceLabel, type TPresence } from './presence.js';

/** How often "last seen …" is worded again: its coarsest changing unit is the minute. */
const RELABEL_MS = 60_000;

/** One person's presence (null: nobody), kept current by `presence` events (see apply-event.ts). */
export function usePresence(userId: string | null): TPresence | undefined {
  const trpc = useTRPC();
  const { data } = useQuery(
    trpc.users.presence.queryOptions(userId === null ? skipToken : presenceInput(userId)),
  );
  return data?.find((entry) => entry.userId === userId);
}

/** "online" or "last seen …", worded again as time passes. */
export function usePresenceLabel(userId: string | null): string | null {
  const presence = usePresence(userId);
  const [now, setNow] = useState(() => Date.now());
  const lastSeenAt = presence && !presence.online ? presence.lastSeenAt : null;
  useEffect(() => {
    if (lastSeenAt === null) return;
    const timer = setInterval(() => setNow(Date.now()), RELABEL_MS);
    return () => clearInterval(timer);
  }, [lastSeenAt]);
  // `now` may be older than a `presence` event that just arrived: never word it as the future.
  return presenceLabel(presence, Math.max(now, lastSeenAt ? Date.parse(lastSeenAt) : 0));
}
