/** Cache key of a conversation's message pages (an infinite query: newest page first). */
export function messagesQueryKey(conversationId: string) {
  return ['conversation-messages', conversationId] as const;
}
