// Writes a PGlite data directory holding a direct chat with a very long history, for the web's
// browser tests of the virtualised message list (run with tsx before the API starts there):
//   tsx src/test/seed-long-chat.ts <dataDir> <count> <username> <peerUsername> <password>
// Sending that many through the API takes minutes on PGlite, so the messages are sealed by the
// sender's hosted device as a send would, and stored in bulk (no events: nobody is listening yet).
import { createDb, schema } from '@parley/db';
import { eq, sql } from 'drizzle-orm';
import { withHostedDevice } from '../devices/hosted-device.js';
import { encodeContent } from '../messages/message-content.js';
import { loadSecrets } from '../secrets.js';
import { testClient } from './client.js';
import { startTestApi } from './harness.js';

const { conversations, messages } = schema;
const BATCH = 500;
/** The history spans many days, so the list has day separators all the way up. */
const MINUTES_APART = 7;

async function seedLongChat(
  dataDir: string,
  count: number,
  [username, peerUsername, password]: [string, string, string],
) {
  const database = await createDb({ dataDir });
  await database.migrate();
  // The secrets the API will find in the data directory, so the sealed device states open there.
  const secrets = await loadSecrets(dataDir, { masterKeyId: 'local-1' });
  const api = await startTestApi('pglite', {}, { database, secrets });
  try {
    const register = (name: string) =>
      testClient(api.url).trpc.auth.register.mutate({
        username: name,
        password,
        displayName: name,
      });
    const owner = testClient(api.url);
    const { accessToken, sessionId, user } = await register(username);
    owner.token = accessToken;
    await register(peerUsername);
    const chat = await owner.trpc.conversations.openDirect.mutate({ username: peerUsername });

    await withHostedDevice(api.services, { userId: user.id, sessionId }, async (device, tx) => {
      const [conversation] = await tx
        .update(conversations)
        .set({ lastSeq: sql`${conversations.lastSeq} + ${count}`, lastActivityAt: new Date() })
        .where(eq(conversations.id, chat.id))
        .returning({ lastSeq: conversations.lastSeq, epoch: conversations.epoch });
      const { lastSeq, epoch } = conversation!;
      const start = Date.now() - count * MINUTES_APART * 60_000;
      for (let from = 0; from < count; from += BATCH) {
        const rows = [];
        for (let i = from; i < Math.min(from + BATCH, count); i++) {
          const seq = lastSeq - count + 1 + i;
          const clientMessageId = `seed-${String(seq).padStart(6, '0')}`;
          const content = {
            text: `Message ${i + 1} of ${count}.` + (i % 5 === 0 ? '\nwith a second line' : ''),
            replyToId: null,
            mentions: [],
            attachments: [],
          };
          const sealed = await device.seal(encodeContent(content), {
            conversationId: chat.id,
            epoch,
            clientMessageId,
          });
          rows.push({
            conversationId: chat.id,
            seq,
            senderUserId: user.id,
            senderDeviceId: device.address.deviceId,
            clientMessageId,
            epoch,
            sealed,
            createdAt: new Date(start + i * MINUTES_APART * 60_000),
          });
        }
        await tx.insert(messages).values(rows);
      }
    });
  } finally {
    await api.close();
    await database.close();
  }
}

const [dataDir, count, username, peerUsername, password] = process.argv.slice(2);
if (!dataDir || !count || !username || !peerUsername || !password) {
  throw new Error(
    'usage: seed-long-chat.ts <dataDir> <count> <username> <peerUsername> <password>',
  );
}
await seedLongChat(dataDir, Number(count), [username, peerUsername, password]);
