import { and, asc, desc, eq, gt, gte, lt, type SQL } from 'drizzle-orm';
import { schema, type Db } from '@parley/db';
import type { MessageRow } from '@parley/db/schema';
import type { Services } from '../context.js';
import type { Membership } from '../conversations/membership.js';
import type { DbOrTx } from '../db/transaction.js';
import { withContentKeys } from '../devices/hosted-content-keys.js';
import { AppError } from '../errors.js';
import { openMessages, type TMessage } from './message-view.js';
import { sealedPage, type TSealedPage } from './sealed-view.js';

const { messages } = schema;

export type Cursor =
  { before: number } | { after: number } | { around: number } | { aroundId: string } | null;

/**
 * A page of history in seq order: the newest page, or the page before or after a seq, or the page
 * around one, or around a message by id (jump to a quoted message, whose seq the client may not
 * know). Only epochs the member may read are included.
 */
async function pageOfMessages(
  tx: DbOrTx,
  member: Membership,
  cursor: Cursor,
  limit: number,
): Promise<{ rows: MessageRow[]; hasOlder: boolean; hasNewer: boolean }> {
  const visible = and(
    eq(messages.conversationId, member.conversationId),
    gte(messages.epoch, member.joinedEpoch),
  );
  if (cursor && 'aroundId' in cursor) {
    const [target] = await tx
      .select({ seq: messages.seq })
      .from(messages)
      .where(and(visible, eq(messages.id, cursor.aroundId)));
    if (!target) throw new AppError('NOT_FOUND', 'No such message', 'aroundId');
    return pageOfMessages(tx, member, { around: target.seq }, limit);
  }
  const page = (where: SQL | undefined, newestFirst: boolean, n: number) =>
    tx
      .select()
      .from(messages)
      .where(and(visible, where))
      .orderBy(newestFirst ? desc(messages.seq) : asc(messages.seq))
      .limit(n);
  let rows;
  if (cursor && 'after' in cursor) {
    rows = await page(gt(messages.seq, cursor.after), false, limit);
  } else if (cursor && 'around' in cursor) {
    const half = Math.ceil(limit / 2);
    const older = await page(lt(messages.seq, cursor.around + 1), true, half);
    const newer = await page(gt(messages.seq, cursor.around), false, limit - half);
    rows = [...older.reverse(), ...newer];
  } else {
    const before = cursor && 'before' in cursor ? lt(messages.seq, cursor.before) : undefined;
    rows = (await page(before, true, limit)).reverse();
  }
  const first = rows[0]?.seq;
  const last = rows.at(-1)?.seq;
  const exists = async (where: SQL) => (await page(where, false, 1)).length > 0;
  return {
    rows,
    hasOlder: first !== undefined && (await exists(lt(messages.seq, first))),
    hasNewer: last !== undefined && (await exists(gt(messages.seq, last))),
  };
}

/** A page opened by the caller's hosted device (browsers). */
export async function listMessages(
  deps: Pick<Services, 'db' | 'config' | 'logger' | 'contentKeys'>,
  auth: { userId: string; sessionId: string },
  member: Membership,
  cursor: Cursor,
  limit: number,
): Promise<{ messages: TMessage[]; hasOlder: boolean; hasNewer: boolean }> {
  return withContentKeys(deps, auth, async (device, tx) => {
    const { rows, ...more } = await pageOfMessages(tx, member, cursor, limit);
    return { messages: await openMessages(tx, device, rows, deps, auth), ...more };
  });
}

/** The same page still sealed, for an SDK device to open: the server opens nothing. */
export async function listSealedMessages(
  db: Db,
  member: Membership,
  cursor: Cursor,
  limit: number,
): Promise<TSealedPage & { hasOlder: boolean; hasNewer: boolean }> {
  const { rows, ...more } = await pageOfMessages(db, member, cursor, limit);
  return { ...(await sealedPage(db, rows)), ...more };
}
