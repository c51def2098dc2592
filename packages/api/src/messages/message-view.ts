import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { schema } from '@parley/db';
import type { MessageRow } from '@parley/db/schema';
import type { Services } from '../context.js';
import type { Tx } from '../db/transaction.js';
import { EpochKeyNotKept, type ContentCipher } from '../devices/hosted-content-keys.js';
import type { Logger } from '../logger.js';
import { ZAttachmentView } from '../media/attachment.js';
import { attachmentViews, type Viewer } from '../media/attachment-views.js';
import { decodeContent, type TContent } from './message-content.js';
import { openReactions, ZReactions } from './reactions.js';
import { identityKeyOf } from './sender-identity.js';

export const ZMessage = z.object({
  id: z.string(),
  conversationId: z.string(),
  seq: z.number(),
  senderId: z.string().nullable(),
  senderDeviceId: z.number(),
  clientMessageId: z.string(),
  /** Null when deleted, or when this device cannot open it (e.g. sent before it joined). */
  text: z.string().nullable(),
  replyToId: z.string().nullable(),
  /** Mentioned members' user ids (sealed with the text). */
  mentions: z.array(z.string()),
  /** Files, with URLs that work for the caller's session only (empty when deleted or unreadable). */
  attachments: z.array(ZAttachmentView),
  /** When the caller played this voice message; null when not yet (or not a voice message). */
  playedAt: z.string().nullable(),
  /** Who reacted with what, in first-reacted order. */
  reactions: ZReactions,
  createdAt: z.string(),
  editedAt: z.string().nullable(),
  deletedAt: z.string().nullable(),
});

export type TMessage = z.infer<typeof ZMessage>;

type IdentityOf = (userId: string, deviceId: number) => Promise<Uint8Array | undefined>;

/** Each sender device's identity key, read once (lookups for one device share the query). */
function identityLookup(tx: Tx): IdentityOf {
  const identities = new Map<string, Promise<Uint8Array | undefined>>();
  return (userId, deviceId) => {
    const key = `${userId}.${deviceId}`;
    let identity = identities.get(key);
    if (!identity) identities.set(key, (identity = identityKeyOf(tx, { userId, deviceId })));
    return identity;
  };
}

/**
 * A stored message's content, its signature checked against the sender device's identity key from
 * the directory; null when deleted or when it fails to open (which is logged).
 */
async function openRow(
  device: ContentCipher,
  row: MessageRow,
  identityOf: IdentityOf,
  logger: Logger,
): Promise<TContent | null> {
  const identity = row.senderUserId && (await identityOf(row.senderUserId, row.senderDeviceId));
  if (!row.sealed || !row.senderUserId || !identity) return null;
  const context = {
    conversationId: row.conversationId,
    epoch: row.epoch,
    senderDevice: { userId: row.senderUserId, deviceId: row.senderDeviceId },
    clientMessageId: row.clientMessageId,
  };
  try {
    return decodeContent(await device.open(row.sealed, context, identity));
  } catch (error) {
    if (error instanceof EpochKeyNotKept) throw error;
    logger.warn({ err: error, messageId: row.id }, 'message could not be opened');
    return null;
  }
}

/** One message's content (to change it while keeping the rest), or null as in openMessages. */
export function readContent(tx: Tx, device: ContentCipher, row: MessageRow, logger: Logger) {
  return openRow(device, row, identityLookup(tx), logger);
}

/** When `userId` played each of these messages (voice), by message id. */
async function playedAtOf(tx: Tx, userId: string, messageIds: string[]) {
  if (messageIds.length === 0) return new Map<string, Date>();
  const rows = await tx
    .select({ messageId: schema.voicePlays.messageId, playedAt: schema.voicePlays.playedAt })
    .from(schema.voicePlays)
    .where(
      and(eq(schema.voicePlays.userId, userId), inArray(schema.voicePlays.messageId, messageIds)),
    );
  return new Map(rows.map((r) => [r.messageId, r.playedAt]));
}

/**
 * Opens stored messages with a device that holds their epoch keys, as `viewer` sees them (attachment
 * URLs carry tickets for the viewer's session). One that fails to open is shown without text (and
 * logged) rather than failing the whole page.
 */
export async function openMessages(
  tx: Tx,
  device: ContentCipher,
  rows: MessageRow[],
  deps: Pick<Services, 'config' | 'logger'>,
  viewer: Viewer,
): Promise<TMessage[]> {
  const { logger } = deps;
  const identityOf = identityLookup(tx);
  // Their queries go out together.
  const [reactions, opened] = await Promise.all([
    openReactions(tx, device, rows, logger),
    Promise.all(rows.map((row) => openRow(device, row, identityOf, logger))),
  ]);
  const contents = new Map(rows.map((row, i) => [row.id, opened[i]]));
  const voiceIds = rows
    .filter((row) => contents.get(row.id)?.attachments.some((a) => a.kind === 'voice'))
    .map((row) => row.id);
  const played = await playedAtOf(tx, viewer.userId, voiceIds);
  return rows.map((row) =>
    messageView(row, contents.get(row.id) ?? null, deps, viewer, {
      reactions: row.deletedAt ? [] : (reactions.get(row.id) ?? []),
      playedAt: played.get(row.id) ?? null,
    }),
  );
}

/**
 * A message as `viewer` sees it, from its row and its opened content (null when deleted or
 * unreadable). A sender's new message is made from the content it sealed, with nothing to read.
 */
export function messageView(
  row: MessageRow,
  content: TContent | null,
  deps: Pick<Services, 'config'>,
  viewer: Viewer,
  extras: { reactions: TMessage['reactions']; playedAt: Date | null } = {
    reactions: [],
    playedAt: null,
  },
): TMessage {
  return {
    ...rowFields(row),
    text: content?.text ?? null,
    attachments: content
      ? attachmentViews(content.attachments, deps.config.secrets.masterKey, viewer)
      : [],
    playedAt: extras.playedAt?.toISOString() ?? null,
    reactions: extras.reactions,
    replyToId: content?.replyToId ?? null,
    mentions: content?.mentions ?? [],
  };
}

/** What every view of a message shows of its row, sealed or opened. */
export function rowFields(row: MessageRow) {
  return {
    id: row.id,
    conversationId: row.conversationId,
    seq: row.seq,
    senderId: row.senderUserId,
    senderDeviceId: row.senderDeviceId,
    clientMessageId: row.clientMessageId,
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
    deletedAt: row.deletedAt?.toISOString() ?? null,
  };
}
