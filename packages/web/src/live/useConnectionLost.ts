import { useEffect, useState, useSyncExternalStore } from 'react';
import { useLiveServices } from '../app/services-context.js';

/** A reconnect shorter than this (e.g. after a token refresh) is not worth a banner. */
const GRACE_MS = 1_500;

/** True while the live connection has been lost for a moment and is being re-established. */
export function useConnectionLost(): boolean {
  const { live } = useLiveServices();
  const state = useSyncExternalStore(
    (onChange) => live.connectionState.subscribe({ next: onChange }).unsubscribe,
    () => live.connectionState.get(),
  );
  // "connecting" with an error is a reconnect; the first connect has none.
  const lost = state.state === 'connecting' && state.error !== null;
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (!lost) return;
    const timer = setTimeout(() => setShown(true), GRACE_MS);
    return () => {
      clearTimeout(timer);
      setShown(false);
    };
  }, [lost]);
  return lost && shown;
}
