import { and, asc, eq, gt, inArray, lte, max, sql } from 'drizzle-orm';
import { z } from 'zod';
import { schema, type Database, type Db } from '@parley/db';
import type { Logger } from '../logger.js';
import { EVENTS_CHANNEL } from './record-events.js';
import { ZEvent, type TEvent } from './event-types.js';

const { events, conversationMembers } = schema;

/** A stored event has its id; an ephemeral one (typing) has none and is never replayed. */
export interface StreamedEvent {
  id: number | null;
  event: TEvent;
}

const EPHEMERAL_CHANNEL = 'parley_ephemeral';

/**
 * NOTIFY payloads are small (8,000 bytes), so an ephemeral event names its audience rather than
 * listing it: the members of a conversation, or everyone who shares a conversation with a user.
 */
const ZEphemeralNotice = z.object({
  to: z.union([z.object({ conversationId: z.string() }), z.object({ contactsOf: z.string() })]),
  from: z.string(),
  event: ZEvent,
});
type EphemeralNotice = z.infer<typeof ZEphemeralNotice>;

type Listener = (event: StreamedEvent) => void;

const PAGE = 1000;

/**
 * One per API process: a single LISTEN hears that events were committed (by any process), and one
 * query per notification fetches the new rows of every user with a live subscription here.
 */
export class EventFeed {
  private readonly listeners = new Map<string, Set<Listener>>();
  /** Every event up to this id has been dispatched (or had no listener here). */
  private cursor = 0;
  private announced = 0;
  private draining: Promise<void> | null = null;
  private readonly unlisten: (() => Promise<void>)[] = [];

  private constructor(
    private readonly db: Db,
    private readonly logger: Logger,
  ) {}

  static async start(database: Database, logger: Logger): Promise<EventFeed> {
    const feed = new EventFeed(database.db, logger);
    feed.unlisten.push(
      await database.listen(EVENTS_CHANNEL, (payload) => feed.onCommitted(Number(payload))),
      await database.listen(EPHEMERAL_CHANNEL, (payload) => feed.onEphemeral(payload)),
    );
    const [row] = await database.db.select({ newest: max(events.id) }).from(events);
    feed.cursor = feed.announced = Math.max(feed.announced, row?.newest ?? 0);
    return feed;
  }

  /** Every event up to this id was dispatched before now: a new subscription starts after it. */
  get dispatchedUpTo(): number {
    return this.cursor;
  }

  /** How many live subscriptions this process holds for a user. */
  subscriberCount(userId: string): number {
    return this.listeners.get(userId)?.size ?? 0;
  }

  /** Events for `userId` committed from now on; returns the unsubscribe function. */
  subscribe(userId: string, listener: Listener): () => void {
    let set = this.listeners.get(userId);
    if (!set) this.listeners.set(userId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(userId) === set) this.listeners.delete(userId);
    };
  }

  /** Events of one user after `afterId`, oldest first, for a reconnecting client. */
  async backlog(
    userId: string,
    afterId: number,
    limit = PAGE,
  ): Promise<(StreamedEvent & { id: number })[]> {
    const rows = await this.db
      .select({ id: events.id, payload: events.payload })
      .from(events)
      .where(and(eq(events.userId, userId), gt(events.id, afterId)))
      .orderBy(asc(events.id))
      .limit(limit);
    return rows.map((r) => ({ id: r.id, event: r.payload as TEvent }));
  }

  /**
   * Sends an event that is not stored (typing) to the other members of a conversation, on every API
   * process, to whoever is subscribed right now.
   */
  publishEphemeral(conversationId: string, from: string, event: TEvent): Promise<void> {
    return this.notifyEphemeral({ to: { conversationId }, from, event });
  }

  /** Sends an event that is not stored (presence) to everyone who shares a conversation with `userId`. */
  publishToContacts(userId: string, event: TEvent): Promise<void> {
    return this.notifyEphemeral({ to: { contactsOf: userId }, from: userId, event });
  }

  private async notifyEphemeral(notice: EphemeralNotice) {
    await this.db.execute(sql`select pg_notify(${EPHEMERAL_CHANNEL}, ${JSON.stringify(notice)})`);
  }

  async close(): Promise<void> {
    await Promise.all(this.unlisten.map((unlisten) => unlisten()));
    await this.draining;
  }

  private onEphemeral(payload: string) {
    const notice = ZEphemeralNotice.safeParse(JSON.parse(payload));
    if (!notice.success || this.listeners.size === 0) return;
    const { to, from, event } = notice.data;
    this.audience(to, [...this.listeners.keys()])
      .then((userIds) => {
        for (const userId of userIds) {
          if (userId === from) continue;
          for (const listener of this.listeners.get(userId) ?? []) listener({ id: null, event });
        }
      })
      .catch((error: unknown) => this.logger.error({ err: error }, 'ephemeral dispatch failed'));
  }

  /** Which of `local` an ephemeral notice is for. */
  private async audience(to: EphemeralNotice['to'], local: string[]): Promise<string[]> {
    const conversationIds =
      'conversationId' in to
        ? [to.conversationId]
        : (
            await this.db
              .select({ id: conversationMembers.conversationId })
              .from(conversationMembers)
              .where(eq(conversationMembers.userId, to.contactsOf))
          ).map((r) => r.id);
    if (conversationIds.length === 0) return [];
    const rows = await this.db
      .selectDistinct({ userId: conversationMembers.userId })
      .from(conversationMembers)
      .where(
        and(
          inArray(conversationMembers.conversationId, conversationIds),
          inArray(conversationMembers.userId, local),
        ),
      );
    return rows.map((r) => r.userId);
  }

  private onCommitted(id: number) {
    if (!Number.isSafeInteger(id) || id <= this.announced) return;
    this.announced = id;
    // One drain at a time; notifications that arrive meanwhile are picked up by its loop.
    this.draining ??= this.drain()
      .catch((error: unknown) => this.logger.error({ err: error }, 'event dispatch failed'))
      .finally(() => {
        this.draining = null;
      });
  }

  private async drain() {
    while (this.cursor < this.announced) {
      const upTo = this.announced;
      const users = [...this.listeners.keys()];
      let from = this.cursor;
      while (users.length > 0) {
        const rows = await this.db
          .select({ id: events.id, userId: events.userId, payload: events.payload })
          .from(events)
          .where(and(gt(events.id, from), lte(events.id, upTo), inArray(events.userId, users)))
          .orderBy(asc(events.id))
          .limit(PAGE);
        for (const row of rows) {
          const streamed = { id: row.id, event: row.payload as TEvent };
          for (const listener of this.listeners.get(row.userId) ?? []) listener(streamed);
        }
        if (rows.length < PAGE) break;
        from = rows[rows.length - 1]!.id;
      }
      this.cursor = upTo;
    }
  }
}
