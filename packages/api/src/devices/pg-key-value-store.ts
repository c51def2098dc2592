import type { KeyValueStore } from '@parley/crypto';
import { and, eq, like } from 'drizzle-orm';
import { schema } from '@parley/db';
import { escapeLike } from '../db/like.js';
import type { DbOrTx } from '../db/transaction.js';

const { deviceState } = schema;

/** A device's key-value store in PostgreSQL: one row per key. `add`/`delete` are single statements. */
export class PgKeyValueStore implements KeyValueStore {
  constructor(
    private readonly db: DbOrTx,
    private readonly userId: string,
    private readonly deviceId: number,
  ) {}

  private where(key: string) {
    return and(
      eq(deviceState.userId, this.userId),
      eq(deviceState.deviceId, this.deviceId),
      eq(deviceState.key, key),
    );
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const [row] = await this.db
      .select({ value: deviceState.value })
      .from(deviceState)
      .where(this.where(key));
    return row?.value;
  }

  async set(key: string, value: Uint8Array): Promise<void> {
    await this.db
      .insert(deviceState)
      .values({ userId: this.userId, deviceId: this.deviceId, key, value })
      .onConflictDoUpdate({
        target: [deviceState.userId, deviceState.deviceId, deviceState.key],
        set: { value },
      });
  }

  async add(key: string, value: Uint8Array): Promise<boolean> {
    const inserted = await this.db
      .insert(deviceState)
      .values({ userId: this.userId, deviceId: this.deviceId, key, value })
      .onConflictDoNothing()
      .returning({ key: deviceState.key });
    return inserted.length === 1;
  }

  async delete(key: string): Promise<boolean> {
    const deleted = await this.db
      .delete(deviceState)
      .where(this.where(key))
      .returning({ key: deviceState.key });
    return deleted.length === 1;
  }

  async keys(prefix: string): Promise<string[]> {
    const rows = await this.db
      .select({ key: deviceState.key })
      .from(deviceState)
      .where(
        and(
          eq(deviceState.userId, this.userId),
          eq(deviceState.deviceId, this.deviceId),
          like(deviceState.key, `${escapeLike(prefix)}%`),
        ),
      );
    return rows.map((r) => r.key);
  }
}
