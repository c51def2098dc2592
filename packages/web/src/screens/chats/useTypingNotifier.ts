import { useCallback, useRef } from 'react';
import { useTRPCClient } from '../../trpc/context.js';

/** Typing is announced at most this often: receivers show it for ~5 s after each announcement. */
const TYPING_EVERY_MS = 3_000;

/** Returns a function to call on every keystroke; it tells the other members, throttled. */
export function useTypingNotifier(conversationId: string): () => void {
  const client = useTRPCClient();
  const last = useRef(0);
  return useCallback(() => {
    const now = Date.now();
    if (now - last.current < TYPING_EVERY_MS) return;
    last.current = now;
    // Best effort: a lost notice only means the indicator shows a moment later.
    void client.conversations.typing.mutate({ conversationId }).catch(() => undefined);
  }, [client, conversationId]);
}
