import { QueryClient } from '@tanstack/react-query';
import { describe, expect, test } from 'vitest';
import type { TConversationSummary, TMessage } from '../screens/chats/conversation-title.js';
import { hasUnreadMention, noteMention, type MentionSeqs } from './unread-mentions.js';

const chat = (lastReadSeq: number, last: Partial<TMessage> | null) =>
  ({
    id: 'c1',
    lastReadSeq,
    lastMessage: last && { seq: 7, mentions: [], deletedAt: null, ...last },
  }) as TConversationSummary;

describe('hasUnreadMention', () => {
  test('an unread last message that mentions me', () => {
    expect(hasUnreadMention(chat(6, { mentions: ['me'] }), {}, 'me')).toBe(true);
    expect(hasUnreadMention(chat(7, { mentions: ['me'] }), {}, 'me')).toBe(false);
    expect(hasUnreadMention(chat(6, { mentions: ['ann'] }), {}, 'me')).toBe(false);
    expect(hasUnreadMention(chat(6, { mentions: ['me'], deletedAt: 'x' }), {}, 'me')).toBe(false);
  });

  test('an earlier unread one told by a live event, until read past it', () => {
    const queryClient = new QueryClient();
    noteMention(queryClient, 'c1', 5);
    noteMention(queryClient, 'c1', 3);
    const seen = queryClient.getQueryData<MentionSeqs>(['mentions-me']);
    expect(seen).toEqual({ c1: 5 });
    expect(hasUnreadMention(chat(4, null), seen, 'me')).toBe(true);
    expect(hasUnreadMention(chat(5, null), seen, 'me')).toBe(false);
  });
});
