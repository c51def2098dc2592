import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbKinds } from '@parley/db/testing';
import { authOf, signedIn, signedUp } from '../test/client.js';
import { startTestApi, type TestApi } from '../test/harness.js';
import { isSessionLive, revokeSession } from './sessions.js';

describe.each(testDbKinds())('session checks on %s', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(kind);
  });
  afterAll(() => api.close());

  it('answers each of the checks made together (batched) for its own session', async () => {
    const { client: laptop, user: fay } = await signedUp(api.url, 'sc_fay');
    const phone = await signedIn(api.url, 'sc_fay');
    const { client: other, user: gus } = await signedUp(api.url, 'sc_gus');
    const [live, revoked, gusSession] = await Promise.all([
      authOf(laptop, fay.id),
      authOf(phone, fay.id),
      authOf(other, gus.id),
    ]);
    await revokeSession(api.database.db, fay.id, revoked.sessionId);
    const { db } = api.database;
    const answers = await Promise.all([
      isSessionLive(db, fay.id, live.sessionId),
      isSessionLive(db, fay.id, revoked.sessionId),
      // A live session, but someone else's.
      isSessionLive(db, fay.id, gusSession.sessionId),
      isSessionLive(db, gus.id, gusSession.sessionId),
      // Not a session id at all: refused without failing the others.
      isSessionLive(db, fay.id, 'not-a-session'),
      isSessionLive(db, fay.id, live.sessionId),
    ]);
    expect(answers).toEqual([true, false, false, true, false, true]);
  });
});
