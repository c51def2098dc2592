import { z } from 'zod';
import { acknowledgeInbox, fetchInbox, sendEnvelopes } from '../devices/inbox.js';
import {
  acknowledgeEpochKeys,
  fetchEpochKeys,
  registerSdkDevice,
  resendEpochKeys,
} from '../devices/epoch-key-inbox.js';
import {
  fetchBundles,
  listOwnDevices,
  prekeyCounts,
  replenishPrekeys,
  rotateSignedPrekeys,
} from '../devices/key-directory.js';
import {
  encodeBundle,
  toBase64,
  ZBytes,
  ZDeviceAddress,
  ZDeviceId,
  ZPreKeyBundleOut,
  ZPreKeyUpload,
  ZPublishedKeys,
  ZSignedPreKeyUpload,
} from '../devices/key-schemas.js';
import { authedProcedure, router } from '../trpc.js';
import { ok, ZOk } from './ok.js';

// A prekey message with a Kyber ciphertext is ~2 KB; 64 KiB leaves room for any content key payload.
const MAX_ENVELOPE_BYTES = 64 * 1024;

const ZEnvelopeIds = z.array(z.number().int().min(1)).max(500);

/** The key directory and the pairwise inboxes: Signal's server side. */
export const devicesRouter = router({
  register: authedProcedure
    .input(
      z.object({
        kind: z.literal('sdk'),
        name: z.string().trim().min(1).max(64),
        keys: ZPublishedKeys,
      }),
    )
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      await registerSdkDevice(ctx.services, ctx.auth, input);
      return ok;
    }),

  /** The caller's devices. */
  list: authedProcedure
    .output(
      z.array(
        z.object({
          deviceId: z.number(),
          kind: z.enum(['hosted', 'sdk']),
          name: z.string(),
          identityKey: z.string(),
          createdAt: z.string(),
        }),
      ),
    )
    .query(async ({ ctx }) =>
      (await listOwnDevices(ctx.services.db, ctx.auth.userId)).map((d) => ({
        ...d,
        kind: d.kind as 'hosted' | 'sdk',
        identityKey: toBase64(d.identityKey),
        createdAt: d.createdAt.toISOString(),
      })),
    ),

  /** One bundle per device of the user; each call consumes one-time prekeys. */
  bundles: authedProcedure
    .input(z.object({ userId: z.uuid() }))
    .output(z.array(ZPreKeyBundleOut))
    .mutation(async ({ ctx, input }) =>
      (await fetchBundles(ctx.services.db, input.userId)).map(encodeBundle),
    ),

  replenish: authedProcedure
    .input(z.object({ deviceId: ZDeviceId, upload: ZPreKeyUpload }))
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      await replenishPrekeys(ctx.services.db, ctx.auth.userId, input.deviceId, input.upload);
      return ok;
    }),

  rotateSignedPreKey: authedProcedure
    .input(z.object({ deviceId: ZDeviceId, upload: ZSignedPreKeyUpload }))
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      await rotateSignedPrekeys(ctx.services.db, ctx.auth.userId, input.deviceId, input.upload);
      return ok;
    }),

  prekeyCounts: authedProcedure
    .input(z.object({ deviceId: ZDeviceId }))
    .output(z.object({ preKeys: z.number(), kyberPreKeys: z.number() }))
    .query(({ ctx, input }) => prekeyCounts(ctx.services.db, ctx.auth.userId, input.deviceId)),

  send: authedProcedure
    .input(
      z.object({
        fromDeviceId: ZDeviceId,
        envelopes: z
          .array(z.object({ to: ZDeviceAddress, envelope: ZBytes(MAX_ENVELOPE_BYTES) }))
          .min(1)
          .max(1000),
      }),
    )
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      const sender = { userId: ctx.auth.userId, deviceId: input.fromDeviceId };
      await sendEnvelopes(ctx.services.db, sender, input.envelopes);
      return ok;
    }),

  inbox: authedProcedure
    .input(
      z.object({
        deviceId: ZDeviceId,
        afterId: z.number().int().min(0).optional(),
        limit: z.number().int().min(1).max(500).default(100),
      }),
    )
    .output(
      z.array(
        z.object({
          id: z.number(),
          from: z.object({ userId: z.string(), deviceId: z.number() }),
          envelope: z.string(),
          sentAt: z.string(),
        }),
      ),
    )
    .query(({ ctx, input }) => fetchInbox(ctx.services.db, ctx.auth.userId, input.deviceId, input)),

  acknowledge: authedProcedure
    .input(z.object({ deviceId: ZDeviceId, ids: ZEnvelopeIds }))
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      await acknowledgeInbox(ctx.services.db, ctx.auth.userId, input.deviceId, input.ids);
      return ok;
    }),

  /** Conversation epoch keys sent to one of the caller's SDK devices, oldest first. */
  epochKeys: authedProcedure
    .input(z.object({ deviceId: ZDeviceId, limit: z.number().int().min(1).max(500).default(100) }))
    .output(
      z.array(
        z.object({
          id: z.number(),
          conversationId: z.string(),
          epoch: z.number(),
          from: z.object({ userId: z.string(), deviceId: z.number() }),
          envelope: z.string(),
        }),
      ),
    )
    .query(({ ctx, input }) =>
      fetchEpochKeys(ctx.services.db, ctx.auth.userId, input.deviceId, input.limit),
    ),

  /** Asks the caller's hosted device to send an SDK device the epoch keys of a conversation again. */
  resendEpochKeys: authedProcedure
    .input(z.object({ deviceId: ZDeviceId, conversationId: z.uuid('Not a conversation id') }))
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      await resendEpochKeys(ctx.services, ctx.auth, input);
      return ok;
    }),

  /** The device has stored these epoch keys: their envelopes are deleted. */
  acknowledgeEpochKeys: authedProcedure
    .input(z.object({ deviceId: ZDeviceId, ids: ZEnvelopeIds }))
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      await acknowledgeEpochKeys(ctx.services.db, ctx.auth.userId, input.deviceId, input.ids);
      return ok;
    }),
});
