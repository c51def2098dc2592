import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { activeTypers, typingQueryKey, type TypingSeen } from './typing.js';

/**
 * The names of the people typing in a conversation now, kept current: the component re-renders when
 * a `typing` event arrives and again when the oldest one runs out.
 */
export function useTypingNames(
  conversationId: string,
  nameOf: (userId: string) => string,
): string[] {
  const { data } = useQuery<TypingSeen>({
    queryKey: typingQueryKey(conversationId),
    // Never fetched: only live events write it.
    queryFn: () => ({}),
    initialData: {},
    staleTime: Infinity,
  });
  const [now, setNow] = useState(() => Date.now());
  // `now` is from the last timer; an event that arrived since is proof that time has moved on.
  const { userIds, until } = activeTypers(data, Math.max(now, ...Object.values(data)));
  useEffect(() => {
    if (until === null) return;
    const timer = setTimeout(() => setNow(Date.now()), Math.max(0, until - Date.now()));
    return () => clearTimeout(timer);
  }, [until]);
  return userIds.map(nameOf);
}
