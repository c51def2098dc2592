import { and, inArray, isNull, lt, notExists, eq } from 'drizzle-orm';
import { schema } from '@parley/db';
import type { Services } from '../context.js';
import type { DbOrTx } from '../db/transaction.js';

const { media, messageMedia } = schema;

type Deps = Pick<Services, 'db' | 'storage' | 'config' | 'logger'>;

/** Deletes stored objects whose rows are already gone; a failure is logged, the sweep goes on. */
export async function deleteObjects(deps: Pick<Deps, 'storage' | 'logger'>, keys: string[]) {
  const results = await Promise.allSettled(keys.map((key) => deps.storage.delete(key)));
  for (const result of results) {
    if (result.status === 'rejected') {
      deps.logger.warn({ err: result.reason }, 'a media object could not be deleted');
    }
  }
}

/**
 * Uploads that no message took up within `orphanAgeMs` (a cancelled send, a closed tab). Rows go
 * first, in one statement: a send attaching one of them at the same moment holds its row lock, so
 * the delete then sees it attached and leaves it. Returns how many were swept.
 */
export async function sweepOrphanMedia(deps: Deps, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - deps.config.media.orphanAgeMs);
  const gone = await deps.db
    .delete(media)
    .where(and(isNull(media.attachedAt), lt(media.createdAt, cutoff)))
    .returning({ storageKey: media.storageKey });
  await deleteObjects(
    deps,
    gone.map((row) => row.storageKey),
  );
  return gone.length;
}

/**
 * Detaches media from a message deleted for everyone, and deletes the rows no other message still
 * carries; returns their storage keys, to delete once the transaction has committed.
 */
export async function releaseMessageMedia(tx: DbOrTx, messageId: string): Promise<string[]> {
  const detached = await tx
    .delete(messageMedia)
    .where(eq(messageMedia.messageId, messageId))
    .returning({ mediaId: messageMedia.mediaId });
  if (detached.length === 0) return [];
  const gone = await tx
    .delete(media)
    .where(
      and(
        inArray(
          media.id,
          detached.map((d) => d.mediaId),
        ),
        notExists(
          tx
            .select({ one: messageMedia.mediaId })
            .from(messageMedia)
            .where(eq(messageMedia.mediaId, media.id)),
        ),
      ),
    )
    .returning({ storageKey: media.storageKey });
  return gone.map((row) => row.storageKey);
}

/** Sweeps now and then every `sweepIntervalMs` until stopped; one failed sweep is logged, not fatal. */
export function startOrphanSweep(deps: Deps): { stop(): void } {
  const run = () =>
    sweepOrphanMedia(deps).then(
      (count) => count > 0 && deps.logger.info({ count }, 'swept unattached media'),
      (error: unknown) => deps.logger.warn({ err: error }, 'media sweep failed'),
    );
  const timer = setInterval(run, deps.config.media.sweepIntervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
