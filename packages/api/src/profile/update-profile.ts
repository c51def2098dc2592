import { eq } from 'drizzle-orm';
import { schema, type Db } from '@parley/db';
import { usernameTaken } from '../auth/accounts.js';
import { isUniqueViolation } from '../db/transaction.js';

const { users } = schema;

export async function updateProfile(
  db: Db,
  userId: string,
  changes: { username?: string; displayName?: string; status?: string },
): Promise<void> {
  if (Object.values(changes).every((v) => v === undefined)) return;
  try {
    await db
      .update(users)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(users.id, userId));
  } catch (error) {
    if (isUniqueViolation(error)) throw usernameTaken();
    throw error;
  }
}
