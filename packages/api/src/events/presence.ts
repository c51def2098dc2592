import { randomUUID } from 'node:crypto';
import { and, eq, gt, inArray, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { schema, type Db } from '@parley/db';
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
    const count = (this.local.get(userId) ?? 0) + 1;
    this.local.set(userId, count);
    if (count > 1) return;
    const wasOnline = await this.onlineElsewhere(userId);
    await this.db
      .insert(presence)
      .values({ userId, processId: this.processId })
      .onConflictDoUpdate({
        target: [presence.userId, presence.processId],
        set: { seenAt: new Date() },
      });
    if (!wasOnline) await this.announce({ userId, online: true, lastSeenAt: null });
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
    await this.db
      .delete(presence)
      .where(and(eq(presence.userId, userId), eq(presence.processId, this.processId)));
    if (await this.onlineElsewhere(userId)) return;
    const lastSeenAt = new Date();
    await this.db.update(users).set({ lastSeenAt }).where(eq(users.id, userId));
    await this.announce({ userId, online: false, lastSeenAt: lastSeenAt.toISOString() });
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
    const userIds = [...this.local.keys()];
    await this.db.delete(presence).where(eq(presence.processId, this.processId));
    if (userIds.length > 0) {
      await this.db.update(users).set({ lastSeenAt: new Date() }).where(inArray(users.id, userIds));
    }
  }

  private async onlineElsewhere(userId: string): Promise<boolean> {
    const rows = await this.db
      .select({ processId: presence.processId })
      .from(presence)
      .where(
        and(
          eq(presence.userId, userId),
          ne(presence.processId, this.processId),
          gt(presence.seenAt, new Date(Date.now() - STALE_MS)),
        ),
      );
    return rows.length > 0;
  }

  private async announce(state: PresenceState) {
    await this.feed.publishToContacts(state.userId, { type: 'presence', ...state });
  }

  private async beat() {
    await this.db
      .update(presence)
      .set({ seenAt: new Date() })
      .where(eq(presence.processId, this.processId))
      .catch((error: unknown) => this.logger.error({ err: error }, 'presence heartbeat failed'));
  }
}
