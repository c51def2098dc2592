import { senderName, type TConversation, type TMessage } from './conversation-title.js';
import { dayLabel, localDayKey } from './day-label.js';
import { textOrAttachments } from './media/attachment-summary.js';
import type { PendingMessage } from './useMessageSender.js';

export type MessageRow =
  | { kind: 'day'; key: string; label: string }
  | {
      kind: 'message';
      key: string;
      message: TMessage | null;
      pending: PendingMessage | null;
      text: string | null;
      createdAt: string;
      own: boolean;
      /** Own messages only: where it has got to (null for other people's). */
      status: 'sending' | 'failed' | 'sent' | 'delivered' | 'read' | null;
      /** The message this one answers, as quoted above it (`id`: where a click on it goes). */
      replyTo: { id: string; senderName: string; text: string } | null;
      /** Shown above the first of a run of messages by someone else in a group. */
      senderName: string | null;
      /** The display names of the members it mentions, shown highlighted where `@name` is in it. */
      mentionNames: string[];
    };

/**
 * What the message list shows, in order: server messages, then the ones still being sent (until the
 * server's copy arrives), with a day separator wherever the local date changes. `hasOlder`: older
 * messages are not loaded yet, so the first one's day may begin above it.
 */
export function messageRows(
  messages: TMessage[],
  pending: PendingMessage[],
  conversation: TConversation,
  myUserId: string,
  now: Date,
  hasOlder: boolean,
): MessageRow[] {
  const nameOf = (senderId: string | null) => senderName(conversation, senderId, myUserId);
  // Read (delivered) means by everyone else, in a group too; nobody else, as in a note to self: no
  // ticks. Read implies delivered.
  const others = conversation.members.filter((m) => m.user.id !== myUserId);
  const upTo = (seqOf: (m: (typeof others)[number]) => number) =>
    others.length > 0 ? Math.min(...others.map(seqOf)) : null;
  const readUpTo = upTo((m) => m.lastReadSeq);
  const deliveredUpTo = upTo((m) => Math.max(m.lastDeliveredSeq, m.lastReadSeq));
  const statusOf = (message: TMessage | null, pending: PendingMessage | null) => {
    if (pending) return pending.failed ? 'failed' : 'sending';
    if (!message || readUpTo === null || deliveredUpTo === null) return null;
    if (message.seq <= readUpTo) return 'read';
    return message.seq <= deliveredUpTo ? 'delivered' : 'sent';
  };
  const byId = new Map(messages.map((m) => [m.id, m]));
  const quoteOf = (replyToId: string | null) => {
    if (!replyToId) return null;
    const original = byId.get(replyToId);
    if (!original) return { id: replyToId, senderName: 'Earlier message', text: 'Not loaded' };
    const text = original.deletedAt
      ? 'Message deleted'
      : (textOrAttachments(original) ?? 'Message');
    return { id: replyToId, senderName: nameOf(original.senderId), text };
  };
  const namesOf = (userIds: string[]) =>
    conversation.members.filter((m) => userIds.includes(m.user.id)).map((m) => m.user.displayName);
  const sentIds = new Set(messages.map((m) => m.clientMessageId));
  const entries = [
    ...messages.map((message) => ({
      key: message.id,
      message,
      pending: null,
      text: message.text,
      createdAt: message.createdAt,
      senderId: message.senderId,
      replyTo: quoteOf(message.replyToId),
      mentionNames: namesOf(message.mentions),
    })),
    ...pending
      .filter((p) => !sentIds.has(p.clientMessageId))
      .map((p) => ({
        key: `pending-${p.clientMessageId}`,
        message: null,
        pending: p,
        text: p.text,
        createdAt: p.createdAt,
        senderId: myUserId,
        replyTo: quoteOf(p.replyToId),
        mentionNames: namesOf(p.mentions),
      })),
  ];

  const rows: MessageRow[] = [];
  // Where older messages are still to load, the first day's separator waits for the page that shows
  // where that day begins. Put at the top of what is loaded, it would move up with each page of the
  // same day under the same key; the list, which keeps the row at the top of the view in place as
  // pages load above, would keep it there and push the messages under it down by the page.
  let day = hasOlder && entries[0] ? localDayKey(entries[0].createdAt) : '';
  let previousSender: string | null | undefined;
  for (const { senderId, ...entry } of entries) {
    const entryDay = localDayKey(entry.createdAt);
    if (entryDay !== day) {
      day = entryDay;
      previousSender = undefined;
      rows.push({ kind: 'day', key: `day-${entryDay}`, label: dayLabel(entry.createdAt, now) });
    }
    const own = senderId === myUserId;
    const showSender = conversation.kind === 'group' && !own && senderId !== previousSender;
    previousSender = senderId;
    rows.push({
      kind: 'message',
      ...entry,
      own,
      status: own ? statusOf(entry.message, entry.pending) : null,
      senderName: showSender ? nameOf(senderId) : null,
    });
  }
  return rows;
}
