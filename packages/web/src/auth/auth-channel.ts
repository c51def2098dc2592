export type AuthSignal = 'signed-in' | 'signed-out';

/**
 * Tells the other tabs of this origin about an explicit sign-in or sign-out, so they follow at
 * once instead of at their next failing request. Carries no token: each tab gets its own.
 */
export function openAuthChannel(onSignal: (signal: AuthSignal) => void): {
  post(signal: AuthSignal): void;
} {
  if (typeof BroadcastChannel === 'undefined') return { post: () => undefined };
  const channel = new BroadcastChannel('parley-auth');
  channel.onmessage = (event: MessageEvent<unknown>) => {
    if (event.data === 'signed-in' || event.data === 'signed-out') onSignal(event.data);
  };
  return { post: (signal) => channel.postMessage(signal) };
}
