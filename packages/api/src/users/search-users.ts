import { and, asc, ilike, ne, or, sql } from 'drizzle-orm';
import { schema, type Db } from '@parley/db';
import { escapeLike } from '../db/like.js';
import { publicUserColumns, toPublicUser, type TPublicUser } from '../profile/me.js';

const { users } = schema;

/** People to start a chat with: username prefix or display-name substring, exact username first. */
export async function searchUsers(
  db: Db,
  callerId: string,
  query: string,
  limit: number,
): Promise<TPublicUser[]> {
  const q = escapeLike(query.trim());
  const rows = await db
    .select(publicUserColumns)
    .from(users)
    .where(
      and(
        ne(users.id, callerId),
        or(ilike(users.username, `${q.toLowerCase()}%`), ilike(users.displayName, `%${q}%`)),
      ),
    )
    .orderBy(sql`${users.username} <> ${query.trim().toLowerCase()}`, asc(users.username))
    .limit(limit);
  return rows.map(toPublicUser);
}
