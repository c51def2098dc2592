import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@parley/db';
import { testDbKinds } from '@parley/db/testing';
import { authOf, signedUp } from '../test/client.js';
import { startTestApi, type TestApi } from '../test/harness.js';
import { withContentKeys } from './hosted-content-keys.js';

const text = (value: string) => new TextEncoder().encode(value);

describe.each(testDbKinds())('kept content keys on %s', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(kind);
  });
  afterAll(() => api.close());

  it('seal and open without loading the device once kept; other epochs load it; ended sessions get nothing', async () => {
    const { client: alice, user } = await signedUp(api.url, 'ck_alice');
    await signedUp(api.url, 'ck_bob');
    const { id: conversationId } = await alice.trpc.conversations.openDirect.mutate({
      username: 'ck_bob',
    });
    const [{ epoch }] = (await api.services.db
      .select({ epoch: schema.conversations.epoch })
      .from(schema.conversations)
      .where(eq(schema.conversations.id, conversationId))) as [{ epoch: number }];
    const auth = await authOf(alice, user.id);
    // The first send loads the device and keeps the conversation's key.
    await alice.trpc.messages.send.mutate({
      conversationId,
      clientMessageId: 'ck-first',
      text: 'hi',
    });

    // With another master key the device cannot be unsealed: only kept keys can serve.
    const secrets = { ...api.services.config.secrets, masterKey: randomBytes(32) };
    const keysOnly = { ...api.services, config: { ...api.services.config, secrets } };
    const ref = { conversationId, epoch, clientMessageId: 'ck-kept' };
    const identityKey = await identity();
    const opened = await withContentKeys(keysOnly, auth, async (cipher) => {
      const sealed = await cipher.seal(text('from kept keys'), ref);
      return cipher.open(sealed, { ...ref, senderDevice: cipher.address }, identityKey);
    });
    expect(new TextDecoder().decode(opened)).toBe('from kept keys');
    // An epoch not kept goes to the device, which this master key cannot open.
    await expect(
      withContentKeys(keysOnly, auth, (cipher) =>
        cipher.seal(text('later'), { ...ref, epoch: epoch + 1 }),
      ),
    ).rejects.toThrow();

    await alice.trpc.auth.signOut.mutate();
    await expect(
      withContentKeys(api.services, auth, (cipher) => cipher.seal(text('gone'), ref)),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });

    async function identity() {
      const [row] = await api.services.db
        .select({ key: schema.devices.identityKey })
        .from(schema.devices)
        .where(eq(schema.devices.userId, user.id));
      return row!.key;
    }
  });
});
