import { tracked } from '@trpc/server';
import { z } from 'zod';
import { socketDrained } from '../events/socket-backpressure.js';
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
      z
        .object({
          lastEventId: z
            .string()
            .regex(/^\d+(:e)?$/, 'Not an event id')
            .nullish(),
        })
        .optional(),
    )
    // A plain function, not a generator, so the feed subscription exists before "started" is sent.
    .subscription(async ({ ctx, input, signal }) => {
      const lastEventId = input?.lastEventId ? Number.parseInt(input.lastEventId, 10) : null;
      const events = openEventStream(
        ctx.services.events,
        ctx.auth,
        lastEventId,
        signal ?? new AbortController().signal,
      );
      const { presence, config } = ctx.services;
      const { socket } = ctx;
      const slowReader = config.slowReader;
      await presence.connected(ctx.auth.userId);
      return (async function* () {
        // Every item is tracked, so clients see one shape. An ephemeral event (typing) carries the
        // id of the last stored event before it plus ":e": resuming from it replays from that event.
        let last = lastEventId ?? ctx.services.events.dispatchedUpTo;
        try {
          // tRPC clients resend the id of the last item they got; without this one, a stream that saw
          // no event before a disconnect would come back "from now" and miss what happened meanwhile.
          yield tracked(`${last}:e`, { type: 'stream.started' as const });
          for await (const e of events) {
            // A client that stops reading is cut off rather than buffered without bound; it
            // resumes from its last id when it comes back.
            if (
              socket &&
              !(await socketDrained(socket, slowReader.bufferBytes, slowReader.timeoutMs))
            ) {
              socket.terminate();
              return;
            }
            if (e.id !== null) last = e.id;
            yield tracked(e.id === null ? `${last}:e` : String(e.id), e.event);
          }
        } finally {
          // At shutdown the database may already be closed; presence then ends with the process rows.
          await presence
            .disconnected(ctx.auth.userId)
            .catch((error: unknown) =>
              ctx.services.logger.warn({ err: error }, 'presence not updated'),
            );
        }
      })();
    }),
});
