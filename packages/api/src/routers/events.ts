import { tracked } from '@trpc/server';
import { z } from 'zod';
import { openEventStream } from '../events/stream-events.js';
import { authedProcedure, router } from '../trpc.js';

export const eventsRouter = router({
  /**
   * Everything live for the caller, as `tracked(eventId, event)`. tRPC clients resend the last id
   * on reconnect (`lastEventId`), and the stream replays exactly what was missed before going live.
   */
  stream: authedProcedure
    // Declared so that zod keeps it: the client adds it on reconnect.
    .input(
      z.object({ lastEventId: z.string().regex(/^\d+$/, 'Not an event id').nullish() }).optional(),
    )
    // A plain function, not a generator, so the feed subscription exists before "started" is sent.
    .subscription(({ ctx, input, signal }) => {
      const lastEventId = input?.lastEventId ? Number(input.lastEventId) : null;
      const events = openEventStream(
        ctx.services.events,
        ctx.auth,
        lastEventId,
        signal ?? new AbortController().signal,
      );
      return (async function* () {
        for await (const e of events) yield tracked(String(e.id), e.event);
      })();
    }),
});
