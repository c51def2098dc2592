import type { Db } from '@parley/db';
import { recordEvents } from '../events/record-events.js';
import { getMe, type TMe } from './me.js';

/** After a profile change: the caller's other clients get the new profile live; returns it. */
export function publishProfile(db: Db, userId: string): Promise<TMe> {
  return db.transaction(async (tx) => {
    const me = await getMe(tx, userId);
    await recordEvents(tx, [{ userId, event: { type: 'profile.updated', user: me } }]);
    return me;
  });
}
