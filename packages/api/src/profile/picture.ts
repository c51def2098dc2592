import { eq } from 'drizzle-orm';
import { schema } from '@parley/db';
import type { Services } from '../context.js';
import { AppError } from '../errors.js';
import { newPictureKeys, thumbnailKeyOf } from '../pictures/picture-keys.js';
import {
  PICTURE_MAX_BYTES,
  pictureTooLarge,
  processProfilePicture,
} from '../pictures/process-picture.js';

const { users } = schema;

/**
 * Buffers at most `max` bytes. Past that, the rest is read and dropped (tRPC's body limit bounds it)
 * rather than cut off: a client still sending would see a reset connection instead of the 413.
 */
async function readLimited(stream: ReadableStream<Uint8Array>, max: number): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.byteLength;
    if (size <= max) chunks.push(chunk);
  }
  if (size > max) {
    throw pictureTooLarge();
  }
  return Buffer.concat(chunks);
}

export async function deletePictureObjects(
  services: Pick<Services, 'storage'>,
  key: string | null,
) {
  if (!key) return;
  await Promise.all([services.storage.delete(key), services.storage.delete(thumbnailKeyOf(key))]);
}

/**
 * Stores the re-encoded picture under new server-made names, then points the user at it; the old
 * objects go only after the switch, and new ones are removed again if the switch fails.
 */
export async function setProfilePicture(
  services: Pick<Services, 'db' | 'storage'>,
  userId: string,
  body: ReadableStream<Uint8Array>,
): Promise<void> {
  const picture = await processProfilePicture(await readLimited(body, PICTURE_MAX_BYTES));
  const keys = newPictureKeys();
  try {
    await services.storage.put(keys.full, picture.full);
    await services.storage.put(keys.thumbnail, picture.thumbnail);
    const old = await replacePictureKey(services, userId, keys.full);
    await deletePictureObjects(services, old);
  } catch (error) {
    await deletePictureObjects(services, keys.full);
    throw error;
  }
}

export async function removeProfilePicture(
  services: Pick<Services, 'db' | 'storage'>,
  userId: string,
): Promise<void> {
  await deletePictureObjects(services, await replacePictureKey(services, userId, null));
}

/** Sets the user's picture key and returns the previous one, read in the same transaction. */
function replacePictureKey(services: Pick<Services, 'db'>, userId: string, key: string | null) {
  return services.db.transaction(async (tx) => {
    const [current] = await tx
      .select({ pictureKey: users.pictureKey })
      .from(users)
      .where(eq(users.id, userId))
      .for('update');
    if (!current) throw new AppError('UNAUTHORIZED', 'Your account no longer exists');
    await tx
      .update(users)
      .set({ pictureKey: key, updatedAt: new Date() })
      .where(eq(users.id, userId));
    return current.pictureKey;
  });
}
