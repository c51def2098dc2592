import type { AttachmentDraft } from './attachment-draft.js';

// The tray of each conversation, in memory only like text drafts (../drafts.ts): leaving a chat
// keeps its attachments and lets their uploads go on; a sign-out drops them all (services.ts).
const drafts = new Map<string, AttachmentDraft>();

/** The conversation's tray, made with `create` the first time. */
export function attachmentDraftFor(
  conversationId: string,
  create: () => AttachmentDraft,
): AttachmentDraft {
  let draft = drafts.get(conversationId);
  if (!draft) {
    draft = create();
    drafts.set(conversationId, draft);
  }
  return draft;
}

/** Cancels every upload, revokes every preview and forgets the trays. */
export function clearAttachmentDrafts(): void {
  for (const draft of drafts.values()) draft.clear();
  drafts.clear();
}
