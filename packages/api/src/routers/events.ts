import { z } from 'zod';
import { EventStream } from '../events/stream-events.js';
import { authedProcedure, router } from '../trpc.js';

export const eventsRouter = router({
  /**
   * Everything live for the caller, as `tracked(eventId, event)`. tRPC clients resend the last id
   * on reconnect (`lastEventId`), and the stream replays exactly what was missed before going live.
   * Every item is tracked, so clients see one shape: an ephemeral event (typing) carries the id of
   * the last stored event before it plus ":e", and resuming from it replays from that event.
   */
  stream: authedProcedure
    // Declared so that zod keeps it: the client adds it on reconnect.
    .input(
      z
        .object({
          lastEventId: z
            .string()
            .regex(/^\d+(:e)?$/, 'Not an event id')
            .nullish(),
        })
        .optional(),
    )
    .subscription(({ ctx, input }) => {
      const lastEventId = input?.lastEventId ? Number.parseInt(input.lastEventId, 10) : null;
      return EventStream.open(ctx.services, ctx.auth, lastEventId, ctx.socket);
    }),
});
