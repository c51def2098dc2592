import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbKinds } from '@parley/db/testing';
import { authOf, signedIn, signedUp } from '../test/client.js';
import { startTestApi, type TestApi } from '../test/harness.js';
import { withHostedDevice } from './hosted-device.js';

describe.each(testDbKinds())('hosted device on %s', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(kind);
  });
  afterAll(() => api.close());

  const open = (auth: { userId: string; sessionId: string }) =>
    withHostedDevice(api.services, auth, async (device) => device);

  it('is created at registration and published as device 1', async () => {
    const { client, user } = await signedUp(api.url, 'hd_new');
    const device = await open(await authOf(client, user.id));
    expect(device.address).toEqual({ userId: user.id, deviceId: 1 });
    const [bundle] = await client.trpc.devices.bundles.mutate({ userId: user.id });
    expect(bundle!.identityKey).toBe(Buffer.from(device.identityKey).toString('base64'));
  });

  it('opens through any session, keeps its identity across a password change, not after sign-out', async () => {
    const { client, user, password } = await signedUp(api.url, 'hd_sessions');
    const identity = (await open(await authOf(client, user.id))).identityKey;

    const phone = await signedIn(api.url, 'hd_sessions', password);
    const phoneAuth = await authOf(phone, user.id);
    expect((await open(phoneAuth)).identityKey).toEqual(identity);

    await phone.trpc.auth.changePassword.mutate({
      currentPassword: password,
      newPassword: 'brand new pw',
    });
    const laptop = await signedIn(api.url, 'hd_sessions', 'brand new pw');
    expect((await open(await authOf(laptop, user.id))).identityKey).toEqual(identity);

    await phone.trpc.auth.signOut.mutate();
    await expect(open(phoneAuth)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('cannot be opened with another master key', async () => {
    const { client, user } = await signedUp(api.url, 'hd_master');
    const auth = await authOf(client, user.id);
    const secrets = { ...api.services.config.secrets, masterKey: randomBytes(32) };
    const config = { ...api.services.config, secrets };
    await expect(
      withHostedDevice({ ...api.services, config }, auth, async (device) => device),
    ).rejects.toThrow();
    // The session itself is unaffected.
    expect((await client.trpc.profile.me.query()).id).toBe(user.id);
  });
});
