import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { schema } from '@parley/db';
import type { DbOrTx } from '../db/transaction.js';
import { AppError } from '../errors.js';
import { thumbnailKeyOf } from '../pictures/picture-keys.js';

const { users } = schema;

export const ZPicture = z.object({ url: z.string(), thumbnailUrl: z.string() });
export const ZPublicUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  status: z.string(),
  picture: ZPicture.nullable(),
});
export const ZMe = ZPublicUser.extend({ createdAt: z.string() });

export type TPicture = z.infer<typeof ZPicture>;
export type TPublicUser = z.infer<typeof ZPublicUser>;
export type TMe = z.infer<typeof ZMe>;

/** Public URLs of a stored picture: unguessable names, served at /media by the picture route. */
export function pictureUrls(pictureKey: string | null): TPicture | null {
  if (!pictureKey) return null;
  return { url: `/media/${pictureKey}`, thumbnailUrl: `/media/${thumbnailKeyOf(pictureKey)}` };
}

export const publicUserColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  status: users.status,
  pictureKey: users.pictureKey,
};

export function toPublicUser(row: {
  id: string;
  username: string;
  displayName: string;
  status: string;
  pictureKey: string | null;
}): TPublicUser {
  const { pictureKey, ...rest } = row;
  return { ...rest, picture: pictureUrls(pictureKey) };
}

export async function getMe(db: DbOrTx, userId: string): Promise<TMe> {
  const [row] = await db
    .select({ ...publicUserColumns, createdAt: users.createdAt })
    .from(users)
    .where(eq(users.id, userId));
  if (!row) throw new AppError('UNAUTHORIZED', 'Your account no longer exists');
  const { createdAt, ...user } = row;
  return { ...toPublicUser(user), createdAt: createdAt.toISOString() };
}
