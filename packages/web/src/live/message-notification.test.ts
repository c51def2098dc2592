import { describe, expect, test } from 'vitest';
import type { TConversationSummary, TMessage } from '../screens/chats/conversation-title.js';
import { messageNotification } from './message-notification.js';

const last = {
  id: 'm9',
  senderId: 'ann',
  text: 'secret plans',
  mentions: [],
} as unknown as TMessage;
const direct = {
  id: 'c1',
  kind: 'direct',
  title: null,
  peer: { id: 'ann', username: 'ann', displayName: 'Ann', status: '', picture: null },
  lastMessage: last,
} as TConversationSummary;

describe('messageNotification', () => {
  test('names the sender of a direct message, never its text', () => {
    const notification = messageNotification(direct, 'm9', 'me');
    expect(notification).toEqual({
      title: 'New message from Ann',
      tag: 'parley-chat-c1',
      conversationId: 'c1',
    });
    expect(JSON.stringify(notification)).not.toContain('secret');
  });

  test('names the group for a group message', () => {
    const group = { ...direct, kind: 'group', title: 'Trip', peer: null } as TConversationSummary;
    expect(messageNotification(group, 'm9', 'me')?.title).toBe('New message in Trip');
    const mentioning = { ...group, lastMessage: { ...last, mentions: ['me'] } };
    expect(messageNotification(mentioning, 'm9', 'me')?.title).toBe('You were mentioned in Trip');
  });

  test('stays quiet for own messages, unknown chats and messages no longer the latest', () => {
    expect(messageNotification(direct, 'm9', 'ann')).toBeNull();
    expect(messageNotification(undefined, 'm9', 'me')).toBeNull();
    expect(messageNotification(direct, 'm8', 'me')).toBeNull();
  });
});
