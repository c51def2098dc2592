import { randomUUID } from 'node:crypto';
import { and, eq, gt, inArray, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { schema, type Db } from '@parley/db';
import { anyOf } from '../db/any-of.js';
import type { Logger } from '../logger.js';
import type { EventFeed } from './event-feed.js';

const { presence, users, conversationMembers } = schema;

/** A process refreshes its rows this often; a row older than STALE_MS is a dead process's. */
const HEARTBEAT_MS = 30_000;
const STALE_MS = 90_000;

export interface PresenceState {
  userId: string;
  online: boolean;
  lastSeenAt: string | null;
}

/**
 * Online / last seen. A user is online while any API process holds a live event stream of theirs:
 * each process keeps a row per connected user and refreshes it; going online or offline (over all
 * processes) is told to the people who share a conversation with the user, as an ephemeral event.
 */
export class PresenceTracker {
  private readonly processId = randomUUID();
  private readonly local = new Map<string, number>();
  /** Users who came online (true) or went offline (false) here, not yet written. */
  private changes = new Map<string, boolean>();
  /** The batch that will write them. */
  private next: Promise<void> | null = null;
  /** The last batch started: batches are written one after the other, in order. */
  private written: Promise<void> = Promise.resolve();
  private closing = false;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly db: Db,
    private readonly feed: EventFeed,
    private readonly logger: Logger,
  ) {
    this.heartbeat = setInterval(() => void this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** A stream of `userId` opened here; resolves once recorded. */
  async connected(userId: string): Promise<void> {
    if (this.closing) return;
    const count = (this.local.get(userId) ?? 0) + 1;
    this.local.set(userId, count);
    if (count === 1) await this.change(userId, true);
  }

  /** A stream of `userId` here ended. */
  async disconnected(userId: string): Promise<void> {
    if (this.closing) return;
    const count = (this.local.get(userId) ?? 1) - 1;
    if (count > 0) {
      this.local.set(userId, count);
      return;
    }
    this.local.delete(userId);
    await this.change(userId, false);
  }

  /**
   * Records a change with the others made meanwhile: one batch is written at a time, and the
   * changes made while it is written go in the next, so a reconnect burst after a restart writes
   * and announces users in a few statements per batch rather than a few per user.
   */
  private change(userId: string, online: boolean): Promise<void> {
    // Online and offline again before being written (or the reverse) leaves nothing to write.
    if (this.changes.get(userId) === !online) this.changes.delete(userId);
    else this.changes.set(userId, online);
    if (!this.next) {
      this.next = this.written
        .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
        .then(() => {
          const changes = this.changes;
          this.changes = new Map();
          this.next = null;
          return this.write(changes);
        });
      this.written = this.next.catch(() => {});
    }
    return this.next;
  }

  private async write(changes: Map<string, boolean>) {
    const userIds = [...changes.keys()];
    if (userIds.length === 0) return;
    const arrived = userIds.filter((id) => changes.get(id));
    const left = userIds.filter((id) => !changes.get(id));
    const elsewhere = await this.onlineElsewhere(userIds);
    if (arrived.length > 0) {
      // The users as one array parameter (drizzle builds a many-row insert slowly).
      await this.db.execute(sql`
        insert into ${presence} (user_id, process_id)
        select user_id, ${this.processId} from unnest(${sql.param(arrived)}::uuid[]) as user_id
        on conflict (user_id, process_id) do update set seen_at = excluded.seen_at`);
    }
    const gone = left.filter((id) => !elsewhere.has(id));
    const lastSeenAt = new Date();
    if (left.length > 0) {
      await this.db
        .delete(presence)
        .where(and(anyOf(presence.userId, left), eq(presence.processId, this.processId)));
    }
    if (gone.length > 0) {
      await this.db.update(users).set({ lastSeenAt }).where(anyOf(users.id, gone));
    }
    const online = arrived.filter((id) => !elsewhere.has(id));
    const announced: PresenceState[] = [
      ...online.map((userId) => ({ userId, online: true, lastSeenAt: null })),
      ...gone.map((userId) => ({ userId, online: false, lastSeenAt: lastSeenAt.toISOString() })),
    ];
    await this.feed.publishToContacts(
      announced.map((state) => ({ userId: state.userId, event: { type: 'presence', ...state } })),
    );
  }

  /** Presence of the people among `userIds` who share a conversation with `viewerId`. */
  async of(viewerId: string, userIds: string[]): Promise<PresenceState[]> {
    if (userIds.length === 0) return [];
    const mine = alias(conversationMembers, 'mine');
    const theirs = alias(conversationMembers, 'theirs');
    const rows = await this.db
      .selectDistinct({
        userId: users.id,
        lastSeenAt: users.lastSeenAt,
        online: sql<boolean>`exists (select 1 from ${presence} where ${presence.userId} = ${users.id} and ${presence.seenAt} > now() - make_interval(secs => ${STALE_MS / 1000}))`,
      })
      .from(mine)
      .innerJoin(theirs, eq(theirs.conversationId, mine.conversationId))
      .innerJoin(users, eq(users.id, theirs.userId))
      .where(
        and(
          eq(mine.userId, viewerId),
          inArray(theirs.userId, userIds),
          ne(theirs.userId, viewerId),
        ),
      );
    return rows.map((r) => ({
      userId: r.userId,
      online: Boolean(r.online),
      lastSeenAt: r.lastSeenAt?.toISOString() ?? null,
    }));
  }

  /**
   * Called (once; later calls do nothing) by the server before it closes its sockets: this
   * process's rows go in one statement, and the streams it then ends are not announced one by one
   * (on a restart their clients are back within seconds; told "offline" and "online" again, every
   * contact would hear twice of each).
   */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    clearInterval(this.heartbeat);
    // A batch still being written would otherwise add rows after the ones removed here.
    await this.next?.catch(() => {});
    await this.written;
    const userIds = [...this.local.keys()];
    await this.db.delete(presence).where(eq(presence.processId, this.processId));
    if (userIds.length > 0) {
      await this.db.update(users).set({ lastSeenAt: new Date() }).where(anyOf(users.id, userIds));
    }
  }

  /** Those of `userIds` with a live stream on another API process. */
  private async onlineElsewhere(userIds: string[]): Promise<Set<string>> {
    const rows = await this.db
      .selectDistinct({ userId: presence.userId })
      .from(presence)
      .where(
        and(
          anyOf(presence.userId, userIds),
          ne(presence.processId, this.processId),
          gt(presence.seenAt, new Date(Date.now() - STALE_MS)),
        ),
      );
    return new Set(rows.map((r) => r.userId));
  }

  private async beat() {
    await this.db
      .update(presence)
      .set({ seenAt: new Date() })
      .where(eq(presence.processId, this.processId))
      .catch((error: unknown) => this.logger.error({ err: error }, 'presence heartbeat failed'));
  }
}
