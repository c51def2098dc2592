import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { schema } from '@parley/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbKinds } from '@parley/db/testing';
import { failure, signedUp, type TestClient } from '../test/client.js';
import { startTestApi, type TestApi } from '../test/harness.js';
import { encodeContent } from '../messages/message-content.js';
import { ParleyClient, type EventStream, type LiveEvent } from './index.js';
import { toWire } from './wire-bytes.js';

const password = 'correct horse battery';

/** Reads live events until one matches. */
async function until(stream: EventStream, match: (item: LiveEvent) => boolean) {
  for await (const item of stream) if (match(item)) return item;
  throw new Error('the stream ended');
}

describe.each(testDbKinds())('SDK devices, end to end, on %s', (kind) => {
  let api: TestApi;
  let dir: string;
  const open: ParleyClient[] = [];
  beforeAll(async () => {
    api = await startTestApi(kind);
    dir = await mkdtemp(path.join(os.tmpdir(), 'parley-sdk-'));
  });
  afterAll(async () => {
    await Promise.all(open.map((client) => client.close()));
    await api.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** A new user whose program keeps its own device in a file of its own. */
  async function sdkUser(username: string, deviceKey?: Uint8Array) {
    const deviceFile = path.join(dir, `${username}.device`);
    const client = await ParleyClient.register(
      api.url,
      { username, password, displayName: username },
      { deviceFile, deviceKey },
    );
    open.push(client);
    return { client, deviceFile };
  }

  /** Rows of a raw query, whichever driver runs it. */
  async function rowsOf<T>(query: SQL): Promise<T[]> {
    const result = (await api.database.db.execute(query)) as unknown as T[] | { rows: T[] };
    return Array.isArray(result) ? result : result.rows;
  }

  const hostedSend = (web: TestClient, conversationId: string, text: string, more = {}) =>
    web.trpc.messages.send.mutate({ conversationId, clientMessageId: randomUUID(), text, ...more });

  const hostedTexts = async (web: TestClient, conversationId: string) =>
    (await web.trpc.messages.list.query({ conversationId })).messages.map((m) => m.text);

  it('carries messages both ways between an SDK user and a browser user in a direct chat', async () => {
    const { client: sdk } = await sdkUser('e2e_sdk_ann');
    const { client: web } = await signedUp(api.url, 'e2e_web_bob');
    expect(sdk.device!.deviceId).toBe(2);
    const chat = await web.trpc.conversations.openDirect.mutate({ username: 'e2e_sdk_ann' });

    const sent = await sdk.send(chat.id, 'hello from my own device');
    expect(sent).toMatchObject({ seq: 1, text: 'hello from my own device', senderDeviceId: 2 });
    const reply = await hostedSend(web, chat.id, 'hi, sealed on the server', {
      replyToId: sent.id,
    });

    expect(await hostedTexts(web, chat.id)).toEqual([
      'hello from my own device',
      'hi, sealed on the server',
    ]);
    const page = await sdk.messages(chat.id);
    expect(page.messages.map((m) => [m.text, m.replyToId])).toEqual([
      ['hello from my own device', null],
      ['hi, sealed on the server', sent.id],
    ]);
    expect(page).toMatchObject({ hasOlder: false, hasNewer: false });

    // Reactions: sealed by the browser user's hosted device or by the SDK device, opened by both.
    const webUser = (await web.trpc.profile.me.query()).id;
    await web.trpc.messages.react.mutate({
      conversationId: chat.id,
      messageId: sent.id,
      emoji: '🎉',
    });
    const firstOf = async () => (await sdk.messages(chat.id, { before: reply.seq })).messages[0]!;
    expect((await firstOf()).reactions).toEqual([{ emoji: '🎉', userIds: [webUser] }]);
    await sdk.react(await firstOf(), '🎉');
    await sdk.react(await firstOf(), '👍');
    const both = [
      { emoji: '🎉', userIds: [webUser, sdk.userId] },
      { emoji: '👍', userIds: [sdk.userId] },
    ];
    const seenByWeb = await web.trpc.messages.list.query({ conversationId: chat.id });
    expect(seenByWeb.messages[0]!.reactions).toEqual(both);
    expect((await firstOf()).reactions).toEqual(both);
    await sdk.react(await firstOf(), '🎉');
    await sdk.react(await firstOf(), '👍');
    expect((await firstOf()).reactions).toEqual([{ emoji: '🎉', userIds: [webUser] }]);
    await expect(sdk.react(await firstOf(), 'not an emoji')).rejects.toThrow('Must be an emoji');

    // Edits: the SDK reseals its own under the message's epoch; the browser's are resealed on the server.
    await sdk.edit(sent, 'hello, edited on my device');
    await web.trpc.messages.edit.mutate({
      conversationId: chat.id,
      messageId: reply.id,
      text: 'hi, edited',
    });
    expect(await hostedTexts(web, chat.id)).toEqual(['hello, edited on my device', 'hi, edited']);
    const edited = (await sdk.messages(chat.id)).messages;
    expect(edited.map((m) => [m.text, m.editedAt !== null])).toEqual([
      ['hello, edited on my device', true],
      ['hi, edited', true],
    ]);

    // A retry with the same clientMessageId is the same message.
    const again = await sdk.send(chat.id, 'hello from my own device', {
      clientMessageId: sent.clientMessageId,
    });
    expect(again.id).toBe(sent.id);
  });

  it('reads and writes in a group of three, through membership changes', async () => {
    const { client: sdk } = await sdkUser('e2e_sdk_cat');
    const { client: dan, user: danUser } = await signedUp(api.url, 'e2e_web_dan');
    const { client: eve } = await signedUp(api.url, 'e2e_web_eve');
    await signedUp(api.url, 'e2e_web_fay');
    // The SDK user's hosted device starts epoch 0 for every member device, its own SDK one included.
    const group = await sdk.trpc.conversations.createGroup.mutate({
      title: 'Three',
      usernames: ['e2e_web_dan', 'e2e_web_eve'],
    });
    await sdk.send(group.id, 'one from the SDK');
    await hostedSend(dan, group.id, 'two from Dan');
    await hostedSend(eve, group.id, 'three from Eve');
    const all = ['one from the SDK', 'two from Dan', 'three from Eve'];
    expect(await hostedTexts(dan, group.id)).toEqual(all);
    expect(await hostedTexts(eve, group.id)).toEqual(all);
    expect((await sdk.messages(group.id)).messages.map((m) => m.text)).toEqual(all);

    // Dan (now admin) adds Fay: a new epoch the SDK device learns of when the server refuses the old one.
    await sdk.trpc.groups.setRole.mutate({
      conversationId: group.id,
      userId: danUser.id,
      role: 'admin',
    });
    await dan.trpc.groups.addMembers.mutate({
      conversationId: group.id,
      usernames: ['e2e_web_fay'],
    });
    const later = await sdk.send(group.id, 'four, under the new epoch');
    expect(later.epoch).toBe(1);
    expect((await hostedTexts(eve, group.id)).at(-1)).toBe('four, under the new epoch');
    await hostedSend(eve, group.id, 'five from Eve');
    expect((await sdk.messages(group.id, { after: later.seq })).messages[0]!.text).toBe(
      'five from Eve',
    );
  });

  it('gives an SDK device registered later the keys its user may read', async () => {
    const { client: gus } = await signedUp(api.url, 'e2e_web_gus');
    const { client: hal } = await signedUp(api.url, 'e2e_web_hal');
    const chat = await gus.trpc.conversations.openDirect.mutate({ username: 'e2e_web_hal' });
    await hostedSend(gus, chat.id, 'before Hal had a program');
    const program = await ParleyClient.signIn(
      api.url,
      { username: 'e2e_web_hal', password },
      { deviceFile: path.join(dir, 'hal.device'), deviceName: 'bot' },
    );
    open.push(program);
    expect((await program.messages(chat.id)).messages.map((m) => m.text)).toEqual([
      'before Hal had a program',
    ]);
    await program.send(chat.id, 'from the program');
    expect(await hostedTexts(hal, chat.id)).toEqual([
      'before Hal had a program',
      'from the program',
    ]);
    const devices = await hal.trpc.devices.list.query();
    expect(devices.map((d) => [d.deviceId, d.kind, d.name])).toEqual([
      [1, 'hosted', 'Web'],
      [2, 'sdk', 'bot'],
    ]);
  });

  it('has an epoch key whose envelope never came sent again', async () => {
    const { client: sdk } = await sdkUser('e2e_sdk_yan');
    const { client: web } = await signedUp(api.url, 'e2e_web_zed');
    const chat = await web.trpc.conversations.openDirect.mutate({ username: 'e2e_sdk_yan' });
    await hostedSend(web, chat.id, 'sent while the key was lost');
    // As if the device had been registered while the epoch was being started.
    const { epochKeyEnvelopes } = schema;
    const lost = await api.database.db
      .delete(epochKeyEnvelopes)
      .where(
        and(
          eq(epochKeyEnvelopes.recipientUserId, sdk.userId),
          eq(epochKeyEnvelopes.recipientDeviceId, 2),
        ),
      )
      .returning({ id: epochKeyEnvelopes.id });
    expect(lost).toHaveLength(1);
    expect((await sdk.messages(chat.id)).messages.map((m) => m.text)).toEqual([
      'sent while the key was lost',
    ]);
    await sdk.send(chat.id, 'and answered');
    expect(await hostedTexts(web, chat.id)).toEqual([
      'sent while the key was lost',
      'and answered',
    ]);
    const notMember = await failure(
      web.trpc.devices.resendEpochKeys.mutate({ deviceId: 2, conversationId: randomUUID() }),
    );
    expect(notMember).toMatchObject({ code: 'NOT_FOUND', data: { field: 'conversationId' } });
  });

  it('keeps the device in its file across restarts, sealed under the device key', async () => {
    const deviceKey = new Uint8Array(randomBytes(32));
    const { client: first, deviceFile } = await sdkUser('e2e_sdk_ida', deviceKey);
    const { client: web } = await signedUp(api.url, 'e2e_web_jo');
    const chat = await web.trpc.conversations.openDirect.mutate({ username: 'e2e_sdk_ida' });
    await first.send(chat.id, 'before the restart');
    const identity = toWire(first.device!.device.identityKey);
    await first.close();

    const credentials = { username: 'e2e_sdk_ida', password };
    await expect(
      ParleyClient.signIn(api.url, credentials, {
        deviceFile,
        deviceKey: new Uint8Array(32),
      }),
    ).rejects.toThrow('does not open with this deviceKey');
    const second = await ParleyClient.signIn(api.url, credentials, { deviceFile, deviceKey });
    open.push(second);
    expect(second.device!.deviceId).toBe(2);
    expect(toWire(second.device!.device.identityKey)).toBe(identity);
    expect((await second.trpc.devices.list.query()).filter((d) => d.kind === 'sdk')).toHaveLength(
      1,
    );
    await second.send(chat.id, 'after the restart');
    expect((await second.messages(chat.id)).messages.map((m) => m.text)).toEqual([
      'before the restart',
      'after the restart',
    ]);
    expect(await hostedTexts(web, chat.id)).toEqual(['before the restart', 'after the restart']);
  });

  it('never stores the text an SDK device sealed', async () => {
    const { client: sdk } = await sdkUser('e2e_sdk_kim');
    const { client: web } = await signedUp(api.url, 'e2e_web_lee');
    const chat = await sdk.trpc.conversations.openDirect.mutate({ username: 'e2e_web_lee' });
    const marker = `SDK-AT-REST-${randomUUID()}`;
    const sent = await sdk.send(chat.id, `first ${marker}`);
    await sdk.edit(sent, `edited ${marker}`);
    expect(await hostedTexts(web, chat.id)).toEqual([`edited ${marker}`]);

    const tables = await rowsOf<{ name: string }>(
      sql`select tablename as name from pg_tables where schemaname = 'public'`,
    );
    expect(tables.length).toBeGreaterThan(5);
    const hex = Buffer.from(marker).toString('hex');
    let scanned = '';
    for (const { name } of tables) {
      const text = JSON.stringify(
        await rowsOf(sql`select t::text as row from ${sql.identifier(name)} t`),
      );
      scanned += text;
      expect(text, name).not.toContain(marker);
      expect(text, name).not.toContain(hex);
    }
    // The scan sees what is stored in the clear, such as usernames.
    expect(scanned).toContain('e2e_sdk_kim');
  });

  it('notifies mentioned members and refuses mentions of anyone else', async () => {
    const { client: sdk } = await sdkUser('e2e_sdk_max');
    const { client: ned, user: nedUser } = await signedUp(api.url, 'e2e_web_ned');
    const { client: ola, user: olaUser } = await signedUp(api.url, 'e2e_web_ola');
    const { user: outsider } = await signedUp(api.url, 'e2e_web_pat');
    const group = await ned.trpc.conversations.createGroup.mutate({
      title: 'Mentions',
      usernames: ['e2e_sdk_max', 'e2e_web_ola'],
    });
    const stream = sdk.events();
    await stream.ready;
    const sdkUserId = sdk.userId;
    const fromNed = await hostedSend(ned, group.id, '@e2e_sdk_max look', {
      mentions: [sdkUserId, sdkUserId],
    });
    expect(fromNed.mentions).toEqual([sdkUserId]);
    const created = await until(stream, (e) => e.event.type === 'message.created');
    expect(created.event).toMatchObject({ messageId: fromNed.id, mentionsMe: true });
    stream.close();
    expect((await sdk.messages(group.id)).messages[0]!.mentions).toEqual([sdkUserId]);

    const fromSdk = await sdk.send(group.id, '@e2e_web_ola hello', { mentions: [olaUser.id] });
    expect(fromSdk.mentions).toEqual([olaUser.id]);
    const seenByOla = (await ola.trpc.messages.list.query({ conversationId: group.id })).messages;
    expect(seenByOla.at(-1)!.mentions).toEqual([olaUser.id]);
    const mentioned = await api.database.db
      .select({ userId: schema.events.userId })
      .from(schema.events)
      .where(
        and(
          eq(schema.events.type, 'message.created'),
          sql`${schema.events.payload}->>'messageId' = ${fromSdk.id}`,
          sql`${schema.events.payload}->>'mentionsMe' = 'true'`,
        ),
      );
    expect(mentioned.map((r) => r.userId)).toEqual([olaUser.id]);

    for (const attempt of [
      () => hostedSend(ned, group.id, 'hi outsider', { mentions: [olaUser.id, outsider.id] }),
      () => sdk.send(group.id, 'hi outsider', { mentions: [outsider.id] }),
      () =>
        ned.trpc.messages.edit.mutate({
          conversationId: group.id,
          messageId: fromNed.id,
          text: 'edited',
          mentions: [outsider.id],
        }),
    ]) {
      const refused = await failure(attempt());
      expect(refused).toMatchObject({
        code: 'BAD_REQUEST',
        message: 'Not a member of this conversation',
      });
      expect(refused.data.field).toMatch(/^mentions\.[01]$/);
    }
    expect(await hostedTexts(ned, group.id)).toHaveLength(2);
    const tooMany = await failure(
      hostedSend(ned, group.id, 'x', { mentions: Array.from({ length: 51 }, () => nedUser.id) }),
    );
    expect(tooMany).toMatchObject({ code: 'BAD_REQUEST', data: { field: 'mentions' } });
  });

  it('sends files encrypted on the device that only members download and decrypt', async () => {
    const { client: uma } = await sdkUser('e2e_sdk_uma');
    const { client: vic } = await sdkUser('e2e_sdk_vic');
    const { client: outsider } = await sdkUser('e2e_sdk_wes');
    const chat = await uma.trpc.conversations.openDirect.mutate({ username: 'e2e_sdk_vic' });
    const data = new Uint8Array(randomBytes(300_000));
    const attachment = await uma.uploadFile(data, {
      kind: 'file',
      name: 'data.bin',
      mediaType: 'application/octet-stream',
    });
    expect(attachment).toMatchObject({ kind: 'file', name: 'data.bin', size: data.length });
    await uma.send(chat.id, 'the data', { attachments: [attachment] });

    const [received] = (await vic.messages(chat.id)).messages;
    expect(received!.attachments).toEqual([attachment]);
    const chunks: Uint8Array[] = [];
    for await (const chunk of vic.downloadFile(received!.attachments[0]!)) chunks.push(chunk);
    expect(Buffer.concat(chunks).equals(data)).toBe(true);

    const read = async (client: ParleyClient) => {
      for await (const _ of client.downloadFile(attachment));
    };
    await expect(read(outsider)).rejects.toThrow('Not found');
    // Someone else's upload cannot be attached: the send is refused whole.
    const refused = await failure(vic.send(chat.id, 'not mine', { attachments: [attachment] }));
    expect(refused).toMatchObject({
      code: 'NOT_FOUND',
      message: 'No such upload of yours',
      data: { field: 'mediaIds.0' },
    });
    expect((await vic.messages(chat.id)).messages).toHaveLength(1);
  });

  it('refuses a forged signature, a wrong epoch, a non-member and another device', async () => {
    const { client: sdk, deviceFile } = await sdkUser('e2e_sdk_quin');
    const { client: stranger } = await sdkUser('e2e_sdk_rex');
    const { client: web } = await signedUp(api.url, 'e2e_web_sue');
    await signedUp(api.url, 'e2e_web_tom');
    const group = await web.trpc.conversations.createGroup.mutate({
      title: 'Refusals',
      usernames: ['e2e_sdk_quin'],
    });
    // The group's epoch-0 key waits in the directory for device 2 until it takes it in.
    expect(await sdk.device!.syncEpochKeys()).toBe(1);
    const content = encodeContent({ text: 'x', replyToId: null, mentions: [], attachments: [] });
    const sealedBy = (client: ParleyClient, clientMessageId: string, epoch = 0) =>
      client.device!.device.seal(content, { conversationId: group.id, epoch, clientMessageId });
    const send = (client: ParleyClient, sealed: Uint8Array, more: object = {}) =>
      client.trpc.messages.sendSealed.mutate({
        conversationId: group.id,
        deviceId: 2,
        clientMessageId: 'refused-1',
        epoch: 0,
        sealed: toWire(sealed),
        ...more,
      });

    const flipped = await sealedBy(sdk, 'refused-1');
    flipped[40]! ^= 1;
    const notSigned = {
      code: 'BAD_REQUEST',
      message: 'The content is not signed by your device 2',
      data: { field: 'sealed' },
    };
    expect(await failure(send(sdk, flipped))).toMatchObject(notSigned);
    // A second program of the same user (device 3) cannot pass its sealing off as device 2's.
    const second = await ParleyClient.signIn(
      api.url,
      { username: 'e2e_sdk_quin', password },
      { deviceFile: `${deviceFile}.second` },
    );
    open.push(second);
    expect(second.device!.deviceId).toBe(3);
    expect(await failure(send(sdk, await sealedBy(second, 'refused-1')))).toMatchObject(notSigned);
    expect(await failure(send(sdk, await sealedBy(sdk, 'other-id')))).toMatchObject({
      code: 'BAD_REQUEST',
      message: 'The content is sealed for another conversation, epoch, device or clientMessageId',
      data: { field: 'sealed' },
    });
    expect(await failure(send(sdk, new Uint8Array(200)))).toMatchObject({
      code: 'BAD_REQUEST',
      message: 'Not sealed content',
    });
    expect(
      await failure(send(sdk, await sealedBy(sdk, 'refused-1'), { deviceId: 9 })),
    ).toMatchObject({ code: 'NOT_FOUND', data: { field: 'deviceId' } });

    // Not a member: the same answer as for a conversation that does not exist.
    const notFound = {
      code: 'NOT_FOUND',
      message: 'No such conversation',
      data: { field: 'conversationId' },
    };
    expect(await failure(send(stranger, new Uint8Array(200)))).toMatchObject(notFound);
    expect(
      await failure(stranger.trpc.messages.listSealed.query({ conversationId: group.id })),
    ).toMatchObject(notFound);

    // Adding Tom moves the group to epoch 1: content sealed under epoch 0 is refused.
    await web.trpc.groups.addMembers.mutate({
      conversationId: group.id,
      usernames: ['e2e_web_tom'],
    });
    expect(await failure(send(sdk, await sealedBy(sdk, 'refused-1')))).toMatchObject({
      code: 'CONFLICT',
      message: 'The conversation is at epoch 1; seal the message under that epoch',
      data: { field: 'epoch' },
    });
    expect(await hostedTexts(web, group.id)).toEqual([]);
    // ...while the friendly send finds the new epoch and its key by itself.
    const underOne = await sdk.send(group.id, 'under epoch 1');
    expect(underOne.epoch).toBe(1);
    // A reaction set must be sealed for that message: message content passed off as one is refused.
    const passedOff = sdk.trpc.messages.reactSealed.mutate({
      conversationId: group.id,
      messageId: underOne.id,
      deviceId: 2,
      sealed: toWire(await sealedBy(sdk, underOne.clientMessageId, 1)),
    });
    expect(await failure(passedOff)).toMatchObject({
      code: 'BAD_REQUEST',
      message: 'The content is sealed for another conversation, epoch, device or clientMessageId',
      data: { field: 'sealed' },
    });

    // The hosted device's epoch keys are the server's; another user's device is not the caller's.
    expect(await failure(sdk.trpc.devices.epochKeys.query({ deviceId: 1 }))).toMatchObject({
      code: 'BAD_REQUEST',
      data: { field: 'deviceId' },
    });
    expect(await failure(web.trpc.devices.epochKeys.query({ deviceId: 2 }))).toMatchObject({
      code: 'NOT_FOUND',
      data: { field: 'deviceId' },
    });
  });
});
