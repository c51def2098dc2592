import { tracked, TRPCError, type TrackedEnvelope } from '@trpc/server';
import type { WebSocket } from 'ws';
import type { Services } from '../context.js';
import type { Viewer } from '../media/attachment-views.js';
import type { StreamedEvent } from './event-feed.js';
import type { TLiveEvent } from './event-types.js';
import { socketDrained } from './socket-backpressure.js';

/** Live events one subscriber may have waiting; past that it must reconnect and replay. */
const QUEUE_CAPACITY = 5_000;

type StreamItem = TrackedEnvelope<TLiveEvent>;
type Next = IteratorResult<StreamItem, undefined>;
const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };
const STARTED: TLiveEvent = { type: 'stream.started' };
const NO_EVENTS: readonly StreamedEvent[] = [];

/**
 * A user's `events.stream`, as tRPC-tracked items: `stream.started`, then the events after
 * `lastEventId` (a reconnect; for a new stream, the last event dispatched) from the database, then
 * live ones. It subscribes to the feed when made (before the client is told the subscription
 * started, and before reading the backlog), so nothing committed in between is lost; live events the
 * backlog already gave are dropped, so nothing arrives twice. It ends after its own session's
 * revocation, which it delivers.
 *
 * An iterator written out rather than an async generator: a connection idles in next() for hours,
 * and return() must end it at once (a generator's return() waits for its pending next()), with no
 * AbortSignal or closure chain kept per subscription.
 */
export class EventStream implements AsyncIterableIterator<StreamItem, undefined> {
  /** Id of the last stored event given (or resumed from): every item's id points at it. */
  private last: number;
  /**
   * Reading the database, a new stream too: an event committed just before it subscribed, being
   * dispatched to the users subscribed before it, would not reach it live.
   */
  private replaying = true;
  /** A backlog page (shared with other streams resuming from the same id: read, never changed). */
  private page: readonly StreamedEvent[] = NO_EVENTS;
  private pageAt = 0;
  private started = false;
  /** It gave its own session's revocation: nothing follows. */
  private ended = false;
  private queue: StreamedEvent[] = [];
  private overflowed = false;
  /** Resolves the pending next() of an idle stream. */
  private waiting: ((result: Next | Promise<Next>) => void) | null = null;
  private closed = false;
  private readonly unsubscribe: () => void;

  private constructor(
    private readonly services: Services,
    private readonly viewer: Viewer,
    lastEventId: number | null,
    /** The WebSocket it is sent over, watched for a client that stops reading. */
    private readonly socket: WebSocket | null,
  ) {
    const { events } = services;
    this.unsubscribe = events.subscribe(viewer, (event) => this.push(event));
    this.last = lastEventId ?? events.dispatchedUpTo;
  }

  /** Opens the stream and records its user as online here. */
  static async open(
    services: Services,
    viewer: Viewer,
    lastEventId: number | null,
    socket: WebSocket | null,
  ): Promise<EventStream> {
    const stream = new EventStream(services, viewer, lastEventId, socket);
    try {
      await services.presence.connected(viewer.userId);
    } catch (error) {
      await stream.return();
      throw error;
    }
    return stream;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<Next> {
    if (!this.started) {
      this.started = true;
      // Tracked, so a client that saw no event before a disconnect still resumes from here.
      return Promise.resolve({ done: false, value: tracked(`${this.last}:e`, STARTED) });
    }
    // Idle (most streams, most of the time): a bare promise that push() settles.
    const idle = !this.replaying && this.pageAt === this.page.length && this.queue.length === 0;
    if (idle && !this.closed && !this.ended && !this.overflowed) {
      return new Promise((resolve) => (this.waiting = resolve));
    }
    return this.produce();
  }

  /** Ends the stream at once, a pending next() included. */
  async return(): Promise<IteratorReturnResult<undefined>> {
    if (this.closed) return DONE;
    this.closed = true;
    this.unsubscribe();
    this.queue = [];
    this.settle(DONE);
    const { presence, logger } = this.services;
    // At shutdown the database may already be closed; presence then ends with the process rows.
    await presence
      .disconnected(this.viewer.userId)
      .catch((error: unknown) => logger.warn({ err: error }, 'presence not updated'));
    return DONE;
  }

  private push(event: StreamedEvent) {
    if (this.queue.length >= QUEUE_CAPACITY) {
      this.overflowed = true;
      this.queue = [];
    } else {
      this.queue.push(event);
    }
    if (this.waiting) this.settle(this.produce());
  }

  /** Settles a pending next(), if any. */
  private settle(result: Next | Promise<Next>) {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.(result);
  }

  private async produce(): Promise<Next> {
    if (this.ended) return this.return();
    let e: StreamedEvent | null | undefined;
    try {
      e = await this.take();
      // A client that stops reading is cut off rather than buffered without bound; it resumes from
      // its last id when it comes back.
      if (e && !(await this.drained())) e = undefined;
    } catch (error) {
      await this.return();
      throw error;
    }
    // Nothing to give yet: idle again, without keeping this call (and its frame) waiting.
    if (e === null) return this.next();
    if (!e) return this.return();
    if (e.id === null) return { done: false, value: tracked(`${this.last}:e`, e.event) };
    this.last = e.id;
    this.ended = e.event.type === 'session.revoked' && e.event.sessionId === this.viewer.sessionId;
    return { done: false, value: tracked(String(e.id), e.event) };
  }

  /** The next event to give; null when there is none yet, undefined once closed. */
  private async take(): Promise<StreamedEvent | null | undefined> {
    for (;;) {
      if (this.closed) return undefined;
      if (this.pageAt < this.page.length) {
        const replayed = this.page[this.pageAt++]!;
        // Not kept once read: the stream may idle for hours after its replay.
        if (this.pageAt === this.page.length) [this.page, this.pageAt] = [NO_EVENTS, 0];
        return replayed;
      }
      if (this.replaying) {
        const backlog = await this.services.events.backlog(this.viewer.userId, this.last);
        this.page = backlog.events;
        this.pageAt = 0;
        // After a page that is not full, no query just to find the backlog empty.
        this.replaying = backlog.more;
        continue;
      }
      if (this.overflowed) {
        // Thrown after the procedure returned, where no middleware maps domain errors.
        throw new TRPCError({
          code: 'TOO_MANY_REQUESTS',
          message: 'Too far behind on events; reconnect to catch up',
        });
      }
      const e = this.queue.shift();
      if (!e) return null;
      // Given already by the backlog.
      if (e.id === null || e.id > this.last) return e;
    }
  }

  /** False when the client has stopped reading (it is then cut off). */
  private async drained(): Promise<boolean> {
    const { socket } = this;
    if (!socket) return true;
    const { bufferBytes, timeoutMs } = this.services.config.slowReader;
    if (await socketDrained(socket, bufferBytes, timeoutMs)) return true;
    socket.terminate();
    return false;
  }
}
