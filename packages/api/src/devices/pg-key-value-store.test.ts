import { Device, MemoryKeyValueStore, SealedKeyValueStore, createAccountKey } from '@parley/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema, type Database } from '@parley/db';
import { createTestDb, testDbKinds } from '@parley/db/testing';
import { PgKeyValueStore } from './pg-key-value-store.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | undefined) => (b ? new TextDecoder().decode(b) : undefined);

describe.each(testDbKinds())('PgKeyValueStore on %s', (kind) => {
  let database: Database;
  let userId: string;
  beforeAll(async () => {
    database = await createTestDb(kind);
    const [user] = await database.db
      .insert(schema.users)
      .values({ username: 'kv_owner', displayName: 'kv', passwordHash: 'x' })
      .returning();
    userId = user!.id;
  });
  afterAll(() => database.close());

  it('gets, sets, adds once, deletes and lists by literal prefix', async () => {
    const kv = new PgKeyValueStore(database.db, userId, 1);
    const other = new PgKeyValueStore(database.db, userId, 2);
    await kv.set('a/1', bytes('one'));
    await kv.set('a/1', bytes('uno'));
    expect(text(await kv.get('a/1'))).toBe('uno');
    expect(await other.get('a/1')).toBeUndefined();

    expect(await kv.add('a/2', bytes('two'))).toBe(true);
    expect(await kv.add('a/2', bytes('again'))).toBe(false);
    expect(text(await kv.get('a/2'))).toBe('two');
    await kv.set('a%b', bytes('percent'));
    expect((await kv.keys('a/')).sort()).toEqual(['a/1', 'a/2']);
    expect(await kv.keys('a%')).toEqual(['a%b']);

    expect(await kv.delete('a/1')).toBe(true);
    expect(await kv.delete('a/1')).toBe(false);
    expect(await kv.get('a/1')).toBeUndefined();
  });

  it('holds a sealed device whose session continues after it is loaded again', async () => {
    const accountKey = createAccountKey();
    const sealed = () =>
      new SealedKeyValueStore(new PgKeyValueStore(database.db, userId, 3), accountKey);
    const hosted = await Device.create(sealed(), {
      address: { userId, deviceId: 3 },
      preKeyCount: 2,
    });
    const peer = await Device.create(new MemoryKeyValueStore(), {
      address: { userId: '00000000-0000-4000-8000-000000000001', deviceId: 2 },
      preKeyCount: 2,
    });
    const keys = await hosted.publishedKeys();
    const bundle = {
      ...keys,
      kyberPreKey: keys.kyberPreKeys[0]!,
      preKey: keys.preKeys[0]!,
    };
    const first = await peer.encrypt(hosted.address, bytes('first'), {
      fetchBundle: async () => bundle,
    });
    expect(text(await hosted.decrypt(peer.address, first))).toBe('first');

    // A restarted process: the device comes back from the database alone.
    const reloaded = await Device.load(sealed());
    const second = await peer.encrypt(hosted.address, bytes('second'));
    expect(text(await reloaded.decrypt(peer.address, second))).toBe('second');

    // What is stored is sealed: no row holds the identity key in the clear.
    const rows = await database.db.select().from(schema.deviceState);
    const identity = Buffer.from(reloaded.identityKey);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => Buffer.from(r.value).includes(identity))).toBe(false);
  });
});
