import { z } from 'zod';
import { ZMe } from '../profile/me.js';

/** Everything `events.stream` can carry. Later domains add their events here. */
export const ZEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('session.revoked'), sessionId: z.string() }),
  z.object({ type: z.literal('profile.updated'), user: ZMe }),
  /** Pairwise envelopes wait in this device's inbox (`devices.inbox`). */
  z.object({ type: z.literal('inbox.received'), deviceId: z.number() }),
]);

export type TEvent = z.infer<typeof ZEvent>;
