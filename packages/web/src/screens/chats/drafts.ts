// Unsent text per conversation, in memory only: message text never goes to web storage, and a
// sign-out forgets it (see services.ts).
const drafts = new Map<string, string>();

export function readDraft(conversationId: string): string {
  return drafts.get(conversationId) ?? '';
}

export function saveDraft(conversationId: string, text: string): void {
  if (text) drafts.set(conversationId, text);
  else drafts.delete(conversationId);
}

export function clearDrafts(): void {
  drafts.clear();
}
