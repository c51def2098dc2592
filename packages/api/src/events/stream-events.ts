import { AppError } from '../errors.js';
import { BoundedQueue } from './bounded-queue.js';
import type { EventFeed, StreamedEvent } from './event-feed.js';

/** Live events one subscriber may have waiting; past that it must reconnect and replay. */
const QUEUE_CAPACITY = 5_000;

/**
 * A user's events: first those after `lastEventId` from the database (a reconnect), then live ones.
 * It subscribes at once (before the client is told the subscription started) and before reading the
 * backlog, so nothing committed in between is lost; live events the backlog already yielded are
 * dropped, so nothing arrives twice. It ends after its own session's revocation, which it delivers.
 */
export function openEventStream(
  feed: EventFeed,
  auth: { userId: string; sessionId: string },
  lastEventId: number | null,
  signal: AbortSignal,
): AsyncGenerator<StreamedEvent> {
  const queue = new BoundedQueue<StreamedEvent>(QUEUE_CAPACITY);
  const overflow = new AbortController();
  const unsubscribe = feed.subscribe(auth, (event) => {
    if (!queue.push(event)) overflow.abort();
  });
  const ends = (e: StreamedEvent) =>
    e.event.type === 'session.revoked' && e.event.sessionId === auth.sessionId;

  return (async function* () {
    try {
      let last = lastEventId ?? 0;
      if (lastEventId !== null) {
        for (let page = await feed.backlog(auth.userId, last); page.length > 0;) {
          for (const e of page) {
            yield e;
            last = e.id;
            if (ends(e)) return;
          }
          page = await feed.backlog(auth.userId, last);
        }
      }
      const stop = AbortSignal.any([signal, overflow.signal]);
      for (let e = await queue.next(stop); e; e = await queue.next(stop)) {
        if (e.id === null) {
          yield e;
          continue;
        }
        if (e.id <= last) continue;
        last = e.id;
        yield e;
        if (ends(e)) return;
      }
      if (overflow.signal.aborted) {
        throw new AppError('TOO_MANY_REQUESTS', 'Too far behind on events; reconnect to catch up');
      }
    } finally {
      unsubscribe();
    }
  })();
}
