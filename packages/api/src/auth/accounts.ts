import { unwrapAccountKeyWithPassword, wrapAccountKeyWithPassword } from '@parley/crypto';
import { eq } from 'drizzle-orm';
import { schema, type Db } from '@parley/db';
import type { ApiConfig } from '../config.js';
import { isUniqueViolation } from '../db/transaction.js';
import { createHostedDevice } from '../devices/hosted-device.js';
import { AppError } from '../errors.js';
import { hashPassword, spendVerification, verifyPassword } from './passwords.js';
import {
  assertSignInAllowed,
  clearSignInFailures,
  recordSignInFailure,
  throttleKeys,
} from './sign-in-throttle.js';
import { revokeAllSessions, startSession, type ClientMeta } from './sessions.js';

const { media, users } = schema;

type AuthConfig = Pick<
  ApiConfig,
  'passwordHashCost' | 'sessionTtlDays' | 'signInThrottle' | 'secrets' | 'hostedPreKeyCount'
>;

const wrapOptions = (config: AuthConfig, userId: string) => ({
  cost: config.passwordHashCost,
  context: `user:${userId}`,
});

const sessionOptions = (config: AuthConfig, accountKey: Uint8Array) => ({
  ttlDays: config.sessionTtlDays,
  accountKey,
  secrets: config.secrets,
});

export const usernameTaken = () => new AppError('CONFLICT', 'That username is taken', 'username');

export async function register(
  db: Db,
  config: AuthConfig,
  input: { username: string; password: string; displayName: string },
  meta: ClientMeta,
) {
  const passwordHash = await hashPassword(input.password, config.passwordHashCost);
  try {
    return await db.transaction(async (tx) => {
      const [user] = await tx
        .insert(users)
        .values({ username: input.username, displayName: input.displayName, passwordHash })
        .returning({ id: users.id });
      const userId = user!.id;
      const accountKey = await createHostedDevice(tx, userId, config.hostedPreKeyCount);
      const accountKeyByPassword = await wrapAccountKeyWithPassword(
        accountKey,
        input.password,
        wrapOptions(config, userId),
      );
      await tx.update(users).set({ accountKeyByPassword }).where(eq(users.id, userId));
      const session = await startSession(tx, userId, meta, sessionOptions(config, accountKey));
      return { userId, ...session };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw usernameTaken();
    throw error;
  }
}

const INVALID_CREDENTIALS = 'Invalid username or password';

export async function signIn(
  db: Db,
  config: AuthConfig,
  input: { username: string; password: string },
  meta: ClientMeta,
) {
  const keys = throttleKeys(input.username, meta.ip);
  await assertSignInAllowed(db, keys, config.signInThrottle);
  const [user] = await db
    .select({
      id: users.id,
      passwordHash: users.passwordHash,
      accountKeyByPassword: users.accountKeyByPassword,
    })
    .from(users)
    .where(eq(users.username, input.username));
  const valid = user
    ? await verifyPassword(user.passwordHash, input.password)
    : await spendVerification(input.password, config.passwordHashCost).then(() => false);
  if (!user || !valid) {
    await recordSignInFailure(db, keys, config.signInThrottle);
    throw new AppError('UNAUTHORIZED', INVALID_CREDENTIALS);
  }
  await clearSignInFailures(db, keys);
  const accountKey = await unwrapAccountKeyWithPassword(
    user.accountKeyByPassword!,
    input.password,
    {
      context: `user:${user.id}`,
    },
  );
  const session = await startSession(db, user.id, meta, sessionOptions(config, accountKey));
  return { userId: user.id, ...session };
}

async function assertPassword(db: Db, userId: string, password: string, field: string) {
  const [user] = await db
    .select({ passwordHash: users.passwordHash, accountKeyByPassword: users.accountKeyByPassword })
    .from(users)
    .where(eq(users.id, userId));
  if (!user) throw new AppError('UNAUTHORIZED', 'Your account no longer exists');
  if (!(await verifyPassword(user.passwordHash, password))) {
    throw new AppError('FORBIDDEN', 'The password is not correct', field);
  }
  return user;
}

/**
 * Changing the password re-wraps the account key under the new one and signs out every other
 * session: whoever knew the old password is locked out.
 */
export async function changePassword(
  db: Db,
  config: AuthConfig,
  auth: { userId: string; sessionId: string },
  input: { currentPassword: string; newPassword: string },
) {
  const user = await assertPassword(db, auth.userId, input.currentPassword, 'currentPassword');
  const accountKey = await unwrapAccountKeyWithPassword(
    user.accountKeyByPassword!,
    input.currentPassword,
    { context: `user:${auth.userId}` },
  );
  const passwordHash = await hashPassword(input.newPassword, config.passwordHashCost);
  const accountKeyByPassword = await wrapAccountKeyWithPassword(
    accountKey,
    input.newPassword,
    wrapOptions(config, auth.userId),
  );
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, accountKeyByPassword, updatedAt: new Date() })
      .where(eq(users.id, auth.userId));
    await revokeAllSessions(tx, auth.userId, { except: auth.sessionId });
  });
}

/** Deletes the account and, through foreign keys, its sessions. Returns the picture key to remove. */
/**
 * Deletes the user and, by cascade, their rows (uploads included). Returns the storage keys of their
 * picture and media, for the caller to delete once the rows are gone.
 */
export async function deleteAccount(db: Db, userId: string, password: string) {
  await assertPassword(db, userId, password, 'password');
  return db.transaction(async (tx) => {
    const uploads = await tx
      .select({ storageKey: media.storageKey })
      .from(media)
      .where(eq(media.ownerUserId, userId));
    const [deleted] = await tx
      .delete(users)
      .where(eq(users.id, userId))
      .returning({ pictureKey: users.pictureKey });
    return {
      pictureKey: deleted?.pictureKey ?? null,
      mediaKeys: uploads.map((upload) => upload.storageKey),
    };
  });
}
