import { randomUUID } from 'node:crypto';
import { and, eq, gt } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@parley/db';
import { testDbKinds } from '@parley/db/testing';
import { failure, signedUp, type TestClient } from '../test/client.js';
import { startTestApi, type TestApi } from '../test/harness.js';

const send = (client: TestClient, conversationId: string, text: string) =>
  client.trpc.messages.send.mutate({ conversationId, clientMessageId: randomUUID(), text });

describe.each(testDbKinds())('group membership on %s', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(kind);
  });
  afterAll(() => api.close());

  async function group(prefix: string) {
    const [owner, a, b] = await Promise.all(
      ['owner', 'a', 'b'].map((n) => signedUp(api.url, `${prefix}_${n}`)),
    );
    const { id } = await owner!.client.trpc.conversations.createGroup.mutate({
      title: 'Crew',
      usernames: [`${prefix}_a`],
    });
    return { id, owner: owner!, a: a!, b: b! };
  }

  it('lets a member added later read from their joining on', async () => {
    const { id, owner, b } = await group('gm_add');
    await send(owner.client, id, 'before b joined');
    await owner.client.trpc.groups.addMembers.mutate({
      conversationId: id,
      usernames: ['gm_add_b'],
    });
    await send(owner.client, id, 'welcome b');
    const seen = await b.client.trpc.messages.list.query({ conversationId: id });
    expect(seen.messages.map((m) => m.text)).toEqual(['welcome b']);
  });

  it('gives members added to a group that shares history the earlier messages', async () => {
    const [owner, early, late] = await Promise.all(
      ['owner', 'early', 'late'].map((n) => signedUp(api.url, `gm_hist_${n}`)),
    );
    const { id } = await owner!.client.trpc.conversations.createGroup.mutate({
      title: 'Open book',
      usernames: ['gm_hist_early'],
      shareHistory: true,
    });
    await send(owner!.client, id, 'epoch 0');
    await owner!.client.trpc.groups.removeMember.mutate({
      conversationId: id,
      userId: early!.user.id,
    });
    await send(owner!.client, id, 'epoch 1');
    await owner!.client.trpc.groups.addMembers.mutate({
      conversationId: id,
      usernames: ['gm_hist_late'],
    });
    await send(owner!.client, id, 'epoch 2');
    const seen = await late!.client.trpc.messages.list.query({ conversationId: id });
    expect(seen.messages.map((m) => m.text)).toEqual(['epoch 0', 'epoch 1', 'epoch 2']);
  });

  it('removes a member, who then receives and can open nothing new', async () => {
    const { id, owner, a } = await group('gm_remove');
    await send(owner.client, id, 'while a is in');
    expect((await a.client.trpc.messages.list.query({ conversationId: id })).messages).toHaveLength(
      1,
    );

    await owner.client.trpc.groups.removeMember.mutate({ conversationId: id, userId: a.user.id });
    await send(owner.client, id, 'after a left');

    expect(await failure(a.client.trpc.messages.list.query({ conversationId: id }))).toMatchObject({
      code: 'NOT_FOUND',
    });
    const db = api.database.db;
    const [removal] = await db
      .select()
      .from(schema.events)
      .where(
        and(eq(schema.events.userId, a.user.id), eq(schema.events.type, 'conversation.removed')),
      );
    const after = await db
      .select()
      .from(schema.events)
      .where(and(eq(schema.events.userId, a.user.id), gt(schema.events.id, removal!.id)));
    expect(after).toEqual([]);
    const [conversation] = await db
      .select({ epoch: schema.conversations.epoch })
      .from(schema.conversations)
      .where(eq(schema.conversations.id, id));
    const keysForA = await db
      .select()
      .from(schema.epochKeyEnvelopes)
      .where(
        and(
          eq(schema.epochKeyEnvelopes.recipientUserId, a.user.id),
          eq(schema.epochKeyEnvelopes.epoch, conversation!.epoch),
        ),
      );
    expect(conversation!.epoch).toBe(1);
    expect(keysForA).toEqual([]);
  });

  it('enforces roles: members cannot manage, admins manage members, the owner manages all', async () => {
    const { id, owner, a, b } = await group('gm_roles');
    const forbidden = { code: 'FORBIDDEN' };
    expect(
      await failure(
        a.client.trpc.groups.addMembers.mutate({ conversationId: id, usernames: ['gm_roles_b'] }),
      ),
    ).toMatchObject(forbidden);
    expect(
      await failure(a.client.trpc.groups.rename.mutate({ conversationId: id, title: 'Mine' })),
    ).toMatchObject(forbidden);
    await owner.client.trpc.groups.addMembers.mutate({
      conversationId: id,
      usernames: ['gm_roles_b'],
    });
    await owner.client.trpc.groups.setRole.mutate({
      conversationId: id,
      userId: b.user.id,
      role: 'admin',
    });
    expect(
      await failure(
        b.client.trpc.groups.setRole.mutate({
          conversationId: id,
          userId: a.user.id,
          role: 'admin',
        }),
      ),
    ).toMatchObject(forbidden);
    expect(
      await failure(
        b.client.trpc.groups.removeMember.mutate({ conversationId: id, userId: owner.user.id }),
      ),
    ).toMatchObject(forbidden);
    await b.client.trpc.groups.rename.mutate({ conversationId: id, title: 'Renamed' });
    await b.client.trpc.groups.removeMember.mutate({ conversationId: id, userId: a.user.id });
    const view = await owner.client.trpc.conversations.get.query({ conversationId: id });
    expect(view.title).toBe('Renamed');
    expect(view.members.map((m) => [m.user.username, m.role]).sort()).toEqual([
      ['gm_roles_b', 'admin'],
      ['gm_roles_owner', 'owner'],
    ]);
  });

  it('hands the group on when its owner leaves', async () => {
    const { id, owner, a } = await group('gm_leave');
    await owner.client.trpc.groups.leave.mutate({ conversationId: id });
    const view = await a.client.trpc.conversations.get.query({ conversationId: id });
    expect(view.members.map((m) => [m.user.username, m.role])).toEqual([['gm_leave_a', 'owner']]);
    expect(view.myRole).toBe('owner');
    await send(a.client, id, 'still works');
    expect(await owner.client.trpc.conversations.list.query()).toEqual([]);
  });

  it('refuses membership changes in a direct conversation', async () => {
    const { client } = await signedUp(api.url, 'gm_direct');
    await signedUp(api.url, 'gm_direct_peer');
    const { id } = await client.trpc.conversations.openDirect.mutate({
      username: 'gm_direct_peer',
    });
    expect(await failure(client.trpc.groups.leave.mutate({ conversationId: id }))).toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});
