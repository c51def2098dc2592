import { describe, expect, test } from 'vitest';
import type { TConversation, TMessage } from './conversation-title.js';
import { messageRows } from './message-rows.js';

const user = (id: string, displayName: string) => ({
  id,
  username: id,
  displayName,
  status: '',
  picture: null,
});
const group: TConversation = {
  id: 'c1',
  kind: 'group',
  title: 'Trip',
  shareHistory: false,
  epoch: 0,
  lastSeq: 4,
  createdAt: '2026-03-09T08:00:00.000Z',
  lastActivityAt: '2026-03-10T08:00:00.000Z',
  myRole: 'member',
  members: [
    { user: user('me', 'Me'), role: 'member', lastDeliveredSeq: 0, lastReadSeq: 0 },
    { user: user('ann', 'Ann'), role: 'owner', lastDeliveredSeq: 0, lastReadSeq: 0 },
  ],
};
let seq = 0;
const msg = (senderId: string | null, createdAt: Date, text = `m${seq + 1}`): TMessage => {
  seq += 1;
  return {
    id: `id${seq}`,
    conversationId: 'c1',
    seq,
    senderId,
    senderDeviceId: 1,
    clientMessageId: `client${seq}`,
    text,
    replyToId: null,
    mentions: [],
    reactions: [],
    attachments: [],
    playedAt: null,
    createdAt: createdAt.toISOString(),
    editedAt: null,
    deletedAt: null,
  };
};
const now = new Date(2026, 2, 10, 12, 0);
const yesterday = new Date(2026, 2, 9, 18, 0);
const today = new Date(2026, 2, 10, 9, 0);

describe('messageRows', () => {
  test('puts a day separator where the date changes and names senders once per run', () => {
    const messages = [
      msg('ann', yesterday),
      msg('ann', today),
      msg('ann', today),
      msg('me', today),
    ];
    const rows = messageRows(messages, [], group, 'me', now, false);
    expect(rows.map((r) => (r.kind === 'day' ? r.label : `${r.text}:${r.senderName}`))).toEqual([
      'Yesterday',
      'm1:Ann',
      'Today',
      'm2:Ann',
      'm3:null',
      'm4:null',
    ]);
    expect(rows.filter((r) => r.kind === 'message').map((r) => r.own)).toEqual([
      false,
      false,
      false,
      true,
    ]);
  });

  test('puts no day separator above the oldest loaded message while older ones are to load', () => {
    // A separator there would move up with each page of its day loaded above, keeping its key, and
    // the list keeps the row at the top of the view in place by key.
    const [a, b, c] = [msg('ann', yesterday, 'a'), msg('ann', today, 'b'), msg('ann', today, 'c')];
    const shown = (messages: TMessage[], hasOlder: boolean) =>
      messageRows(messages, [], group, 'me', now, hasOlder).map((r) =>
        r.kind === 'day' ? r.label : r.text,
      );
    expect(shown([c], true)).toEqual(['c']);
    expect(shown([b, c], true)).toEqual(['b', 'c']);
    expect(shown([a, b, c], true)).toEqual(['a', 'Today', 'b', 'c']);
    expect(shown([a, b, c], false)).toEqual(['Yesterday', 'a', 'Today', 'b', 'c']);
  });

  test('shows a message being sent until the server copy with its client id is there', () => {
    const sent = msg('me', today, 'first');
    const pending = [
      {
        clientMessageId: sent.clientMessageId,
        text: 'first',
        replyToId: null,
        attachments: [],
        mentions: [],
        createdAt: sent.createdAt,
        failed: false,
      },
      {
        clientMessageId: 'later01',
        text: 'second',
        replyToId: null,
        attachments: [],
        mentions: [],
        createdAt: today.toISOString(),
        failed: true,
      },
    ];
    const rows = messageRows([sent], pending, group, 'me', now, false).filter(
      (r) => r.kind === 'message',
    );
    expect(rows.map((r) => [r.text, r.pending?.failed ?? null])).toEqual([
      ['first', null],
      ['second', true],
    ]);
  });

  test('own messages are read once every other member has read them', () => {
    const [a, b] = [msg('me', today), msg('me', today)];
    const members = group.members.map((m) =>
      m.user.id === 'ann' ? { ...m, lastReadSeq: a.seq } : m,
    );
    const rows = messageRows([a, b], [], { ...group, members }, 'me', now, false);
    expect(rows.filter((r) => r.kind === 'message').map((r) => r.status)).toEqual(['read', 'sent']);
    const third = {
      user: user('cy', 'Cy'),
      role: 'member' as const,
      lastDeliveredSeq: 0,
      lastReadSeq: 0,
    };
    const withThird = { ...group, members: [...members, third] };
    const withUnread = messageRows([a], [], withThird, 'me', now, false);
    expect(withUnread.filter((r) => r.kind === 'message').map((r) => r.status)).toEqual(['sent']);
  });

  test('own messages are delivered once every other member received them (read counts too)', () => {
    const [a, b, c] = [msg('me', today), msg('me', today), msg('me', today)];
    const members = [
      ...group.members,
      { user: user('cy', 'Cy'), role: 'member' as const, lastDeliveredSeq: 0, lastReadSeq: b.seq },
    ].map((m) => (m.user.id === 'ann' ? { ...m, lastDeliveredSeq: c.seq } : m));
    const rows = messageRows([a, b, c], [], { ...group, members }, 'me', now, false);
    expect(rows.filter((r) => r.kind === 'message').map((r) => r.status)).toEqual([
      'delivered',
      'delivered',
      'sent',
    ]);
  });

  test('a reply quotes the message it answers, or says it is not loaded', () => {
    const original = msg('ann', today, 'Lunch?');
    const reply = { ...msg('me', today, 'Yes'), replyToId: original.id };
    const orphan = { ...msg('me', today, 'Hm'), replyToId: 'elsewhere' };
    const rows = messageRows([original, reply, orphan], [], group, 'me', now, false);
    expect(rows.filter((r) => r.kind === 'message').map((r) => r.replyTo)).toEqual([
      null,
      { id: original.id, senderName: 'Ann', text: 'Lunch?' },
      { id: 'elsewhere', senderName: 'Earlier message', text: 'Not loaded' },
    ]);
  });

  test('names the members a message mentions (a former member no longer)', () => {
    const mentioning = { ...msg('ann', today, '@Me and @Gone'), mentions: ['me', 'gone'] };
    const rows = messageRows([mentioning], [], group, 'me', now, false);
    expect(rows[1]).toMatchObject({ kind: 'message', mentionNames: ['Me'] });
  });

  test('a sender who left the group is still named', () => {
    const rows = messageRows([msg('gone', today)], [], group, 'me', now, false);
    expect(rows[1]).toMatchObject({ kind: 'message', senderName: 'Former member' });
  });
});
