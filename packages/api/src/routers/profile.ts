import { octetInputParser } from '@trpc/server/http';
import { z } from 'zod';
import { getMe, ZMe } from '../profile/me.js';
import { removeProfilePicture, setProfilePicture } from '../profile/picture.js';
import { publishProfile } from '../profile/publish-profile.js';
import { updateProfile } from '../profile/update-profile.js';
import { ZDisplayName, ZStatus, ZUsername } from '../shared/validation.js';
import { authedProcedure, router } from '../trpc.js';

export const profileRouter = router({
  me: authedProcedure.output(ZMe).query(({ ctx }) => getMe(ctx.services.db, ctx.auth.userId)),

  update: authedProcedure
    .input(
      z.object({
        username: ZUsername.optional(),
        displayName: ZDisplayName.optional(),
        status: ZStatus.optional(),
      }),
    )
    .output(ZMe)
    .mutation(async ({ ctx, input }) => {
      await updateProfile(ctx.services.db, ctx.auth.userId, input);
      return publishProfile(ctx.services.db, ctx.auth.userId);
    }),

  /** The body is the image itself (application/octet-stream), so it must not be batched. */
  setPicture: authedProcedure
    .input(octetInputParser)
    .output(ZMe)
    .mutation(async ({ ctx, input }) => {
      await setProfilePicture(ctx.services, ctx.auth.userId, input);
      return publishProfile(ctx.services.db, ctx.auth.userId);
    }),

  removePicture: authedProcedure.output(ZMe).mutation(async ({ ctx }) => {
    await removeProfilePicture(ctx.services, ctx.auth.userId);
    return publishProfile(ctx.services.db, ctx.auth.userId);
  }),
});
