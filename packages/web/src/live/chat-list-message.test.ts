import { describe, expect, test } from 'vitest';
import type { TConversationSummary, TMessage } from '../screens/chats/conversation-title.js';
import { withNewMessage } from './chat-list-message.js';

const chat = (id: string, lastSeq: number, lastActivityAt: string) =>
  ({ id, lastSeq, lastReadSeq: 0, unreadCount: 0, lastActivityAt }) as TConversationSummary;
const message = { id: 'm3', conversationId: 'c1', seq: 3, senderId: 'u2' } as TMessage;

describe('withNewMessage', () => {
  test('keeps the chat first when another one was stamped later by a different clock', () => {
    const chats = [
      chat('c2', 9, '2026-03-10T12:00:01.000Z'),
      chat('c1', 2, '2026-03-10T11:00:00.000Z'),
    ];
    const updated = withNewMessage(
      chats,
      { ...message, createdAt: '2026-03-10T12:00:00.500Z' },
      'u1',
    );
    expect(updated?.map((c) => [c.id, c.lastActivityAt])).toEqual([
      ['c1', '2026-03-10T12:00:01.000Z'],
      ['c2', '2026-03-10T12:00:01.000Z'],
    ]);
  });

  test('a list that already has the message stays as it is', () => {
    const chats = [chat('c1', 3, '2026-03-10T12:00:00.000Z')];
    expect(withNewMessage(chats, message, 'u1')).toBe(chats);
  });
});
