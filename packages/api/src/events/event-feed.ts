import { and, asc, eq, gt, lte, max, sql, type SQL } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { schema, type Database, type Db } from '@parley/db';
import { anyOf } from '../db/any-of.js';
import { batchLoads } from '../db/batch-loads.js';
import type { Logger } from '../logger.js';
import type { Viewer } from '../media/attachment-views.js';
import type { TMessage } from '../messages/message-view.js';
import { canHandOn, type NewMessageOpener } from './new-message-content.js';
import { EVENTS_CHANNEL } from './record-events.js';
import { ZEvent, type TEvent, type TLiveEvent } from './event-types.js';

const { events, conversationMembers } = schema;

/** A stored event has its id; an ephemeral one (typing) has none and is never replayed. */
export interface StreamedEvent {
  id: number | null;
  event: TLiveEvent;
}

/** One page of a backlog; batched readers may share it, so it is never changed. */
export interface Backlog {
  readonly events: readonly (StreamedEvent & { id: number })[];
  readonly more: boolean;
}

const EPHEMERAL_CHANNEL = 'parley_ephemeral';

/**
 * NOTIFY payloads are small (8,000 bytes), so an ephemeral event names its audience rather than
 * listing it: the members of a conversation, or everyone who shares a conversation with a user.
 */
// Ids are checked: notices are dispatched in batches, and one bad id would fail its batch's query.
const ZEphemeralNotice = z.object({
  to: z.union([z.object({ conversationId: z.uuid() }), z.object({ contactsOf: z.uuid() })]),
  from: z.string(),
  event: ZEvent,
});
type EphemeralNotice = z.infer<typeof ZEphemeralNotice>;

type Listener = (event: StreamedEvent) => void;

function append<K, V>(lists: Map<K, V[]>, key: K, value: V) {
  const list = lists.get(key);
  if (list) list.push(value);
  else lists.set(key, [value]);
}

const PAGE = 1000;

/**
 * Presence goes to people who share a direct conversation or a group this small with the user. In a
 * large group every member coming online would tell every other one, n² events when a server comes
 * back; the web app shows presence for direct chats only, and `users.presence` still answers anyone
 * who shares a conversation.
 */
export const PRESENCE_GROUP_MAX = 32;

/**
 * One per API process: a single LISTEN hears that events were committed (by any process), and one
 * query per notification fetches the new rows of every user with a live subscription here. New
 * messages in them are opened once here for all their subscribers (when an opener is given).
 */
export class EventFeed {
  /** Per user, each live subscription with the login session it belongs to. */
  private readonly listeners = new Map<string, Map<Listener, string>>();
  /** Every event up to this id has been dispatched (or had no listener here). */
  private cursor = 0;
  private announced = 0;
  private draining: Promise<void> | null = null;
  private ephemeral: Promise<void> = Promise.resolve();
  /** Ephemeral notices heard and not yet dispatched, oldest first. */
  private inbox: EphemeralNotice[] = [];
  private readonly unlisten: (() => Promise<void>)[] = [];
  private readonly backlogs = batchLoads((keys: string[]) => this.loadBacklogs(keys));
  /** New messages sent through this process, as their senders saw them (see offerSent). */
  private readonly sentHere = new LRUCache<string, TMessage>({ max: 1_000, ttl: 60_000 });

  private constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    private readonly openNew: NewMessageOpener | null,
  ) {}

  static async start(
    database: Database,
    logger: Logger,
    openNew: NewMessageOpener | null = null,
  ): Promise<EventFeed> {
    const feed = new EventFeed(database.db, logger, openNew);
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

  /**
   * A message being stored through this process, as its sender sees it. If it can be handed on, its
   * members subscribed here get it with their events without anyone opening it again. Offered
   * before the sender's transaction commits, so it is here when the events are; one rolled back
   * is never asked for and ages out.
   */
  offerSent(message: TMessage): void {
    if (canHandOn(message)) this.sentHere.set(message.id, message);
  }

  /** How many live subscriptions this process holds for a user. */
  subscriberCount(userId: string): number {
    return this.listeners.get(userId)?.size ?? 0;
  }

  /** Events for the viewer's user committed from now on; returns the unsubscribe function. */
  subscribe(viewer: Viewer, listener: Listener): () => void {
    const { userId } = viewer;
    let mine = this.listeners.get(userId);
    if (!mine) this.listeners.set(userId, (mine = new Map()));
    mine.set(listener, viewer.sessionId);
    return () => {
      mine.delete(listener);
      if (mine.size === 0 && this.listeners.get(userId) === mine) this.listeners.delete(userId);
    };
  }

  /**
   * A page of the events of one user after `afterId`, oldest first, for a stream catching up;
   * `more` when the page is full and there may be more after it.
   */
  async backlog(userId: string, afterId: number): Promise<Backlog> {
    return (await this.backlogs(`${userId}/${afterId}`))!;
  }

  /**
   * The backlogs asked for together (`user/afterId` keys, see batchLoads) in one query. Clients
   * catching up are mostly near the end of their streams; if the rows together fill a page, each
   * backlog is read on its own.
   */
  private async loadBacklogs(keys: string[]): Promise<Map<string, Backlog>> {
    const wanted = keys.map((key) => {
      const [userId, afterId] = key.split('/');
      return { key, userId: userId!, afterId: Number(afterId) };
    });
    const page = (where: SQL) =>
      this.db
        .select({ id: events.id, userId: events.userId, payload: events.payload })
        .from(events)
        .where(where)
        .orderBy(asc(events.id))
        .limit(PAGE);
    const toEvent = (r: { id: number; payload: unknown }) => ({
      id: r.id,
      event: r.payload as TEvent,
    });
    // The (user, after) pairs as two array parameters, however many streams ask.
    const rows = await page(
      sql`exists (select 1 from unnest(${sql.param(wanted.map((w) => w.userId))}::uuid[], ${sql.param(wanted.map((w) => w.afterId))}::bigint[]) as wanted (user_id, after_id) where wanted.user_id = ${events.userId} and ${events.id} > wanted.after_id)`,
    );
    if (rows.length === PAGE && wanted.length > 1) {
      const pages = await Promise.all(
        wanted.map((w) => page(and(eq(events.userId, w.userId), gt(events.id, w.afterId))!)),
      );
      return new Map(
        wanted.map((w, i) => [
          w.key,
          { events: pages[i]!.map(toEvent), more: pages[i]!.length === PAGE },
        ]),
      );
    }
    const byUser = new Map<string, typeof rows>();
    for (const row of rows) append(byUser, row.userId, row);
    return new Map(
      wanted.map((w) => {
        const mine = (byUser.get(w.userId) ?? []).filter((r) => r.id > w.afterId);
        return [w.key, { events: mine.map(toEvent), more: rows.length === PAGE }];
      }),
    );
  }

  /**
   * Sends an event that is not stored (typing) to the other members of a conversation, on every API
   * process, to whoever is subscribed right now.
   */
  publishEphemeral(conversationId: string, from: string, event: TEvent): Promise<void> {
    return this.notifyEphemeral([{ to: { conversationId }, from, event }]);
  }

  /** Sends events that are not stored (presence), each to everyone who shares a conversation with its user. */
  publishToContacts(entries: { userId: string; event: TEvent }[]): Promise<void> {
    return this.notifyEphemeral(
      entries.map(({ userId, event }) => ({ to: { contactsOf: userId }, from: userId, event })),
    );
  }

  /** Any number of notices in one statement (a reconnect burst announces many users at once). */
  private async notifyEphemeral(notices: EphemeralNotice[]) {
    if (notices.length === 0) return;
    const payloads = sql.param(notices.map((notice) => JSON.stringify(notice)));
    await this.db.execute(
      sql`select pg_notify(${EPHEMERAL_CHANNEL}, payload) from unnest(${payloads}::text[]) as payload`,
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.unlisten.map((unlisten) => unlisten()));
    await this.draining;
    await this.ephemeral;
  }

  private onEphemeral(payload: string) {
    const notice = ZEphemeralNotice.safeParse(JSON.parse(payload));
    if (!notice.success || this.listeners.size === 0) return;
    // In the order heard, so that someone's "offline" never overtakes their "online". Notices heard
    // while a dispatch waits on the database go together in the next one.
    this.inbox.push(notice.data);
    if (this.inbox.length > 1) return;
    this.ephemeral = this.ephemeral
      .then(() => this.dispatchEphemeral())
      .catch((error: unknown) => this.logger.error({ err: error }, 'ephemeral dispatch failed'));
  }

  private async dispatchEphemeral() {
    const notices = this.inbox;
    this.inbox = [];
    const audienceOf = await this.audiences(notices.map((n) => n.to));
    for (const { to, from, event } of notices) {
      for (const userId of audienceOf(to)) {
        if (userId === from) continue;
        for (const listener of this.listeners.get(userId)?.keys() ?? []) {
          listener({ id: null, event });
        }
      }
    }
  }

  /**
   * Who each notice is for (its whole audience, filtered to the users served here by the caller:
   * asking with the local users instead would send them all with every notice), in at most two
   * queries for any number of notices.
   */
  private async audiences(
    tos: EphemeralNotice['to'][],
  ): Promise<(to: EphemeralNotice['to']) => Set<string>> {
    const contactsOf = [
      ...new Set(tos.flatMap((to) => ('contactsOf' in to ? [to.contactsOf] : []))),
    ];
    const conversationIds = new Set(
      tos.flatMap((to) => ('conversationId' in to ? [to.conversationId] : [])),
    );
    const shared = new Map<string, string[]>();
    if (contactsOf.length > 0) {
      const rows = await this.db
        .select({ userId: conversationMembers.userId, id: conversationMembers.conversationId })
        .from(conversationMembers)
        .where(
          and(
            anyOf(conversationMembers.userId, contactsOf),
            sql`(select count(*) from ${conversationMembers} as others where others.conversation_id = ${conversationMembers.conversationId}) <= ${PRESENCE_GROUP_MAX}`,
          ),
        );
      for (const { userId, id } of rows) {
        append(shared, userId, id);
        conversationIds.add(id);
      }
    }
    const members = new Map<string, string[]>();
    if (conversationIds.size > 0) {
      const rows = await this.db
        .select({ userId: conversationMembers.userId, id: conversationMembers.conversationId })
        .from(conversationMembers)
        .where(anyOf(conversationMembers.conversationId, [...conversationIds]));
      for (const { userId, id } of rows) append(members, id, userId);
    }
    const membersOf = (ids: string[]) => new Set(ids.flatMap((id) => members.get(id) ?? []));
    return (to) =>
      membersOf('conversationId' in to ? [to.conversationId] : (shared.get(to.contactsOf) ?? []));
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

  /**
   * The new messages among `rows`, each opened once with the session of one of its members
   * subscribed here; one that cannot be opened (a session just revoked, say) goes without content.
   */
  private async openNewMessages(
    rows: { userId: string; payload: unknown }[],
  ): Promise<Map<string, TMessage>> {
    const opened = new Map<string, TMessage>();
    // Per conversation, the messages to open and a subscribed member to open them with.
    const batches = new Map<string, { viewer: Viewer; messageIds: Set<string> }>();
    for (const row of rows) {
      const event = row.payload as TEvent;
      if (event.type !== 'message.created' || opened.has(event.messageId)) continue;
      const sent = this.sentHere.get(event.messageId);
      if (sent) {
        opened.set(sent.id, sent);
        continue;
      }
      const sessionId = this.listeners.get(row.userId)?.values().next().value;
      if (sessionId === undefined) continue;
      const batch = batches.get(event.conversationId);
      if (batch) batch.messageIds.add(event.messageId);
      else {
        batches.set(event.conversationId, {
          viewer: { userId: row.userId, sessionId },
          messageIds: new Set([event.messageId]),
        });
      }
    }
    if (!this.openNew) return opened;
    for (const [conversationId, { viewer, messageIds }] of batches) {
      try {
        for (const message of await this.openNew(viewer, conversationId, [...messageIds])) {
          opened.set(message.id, message);
        }
      } catch (error) {
        this.logger.debug({ err: error, conversationId }, 'new messages sent without content');
      }
    }
    return opened;
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
          .where(and(gt(events.id, from), lte(events.id, upTo), anyOf(events.userId, users)))
          .orderBy(asc(events.id))
          .limit(PAGE);
        const opened = await this.openNewMessages(rows);
        for (const row of rows) {
          const event = row.payload as TEvent;
          const message = event.type === 'message.created' && opened.get(event.messageId);
          // One object per event and user, shared by that user's subscriptions.
          const streamed = message
            ? { id: row.id, event: { ...event, message } }
            : { id: row.id, event };
          for (const listener of this.listeners.get(row.userId)?.keys() ?? []) listener(streamed);
        }
        if (rows.length < PAGE) break;
        from = rows[rows.length - 1]!.id;
      }
      this.cursor = upTo;
    }
  }
}
