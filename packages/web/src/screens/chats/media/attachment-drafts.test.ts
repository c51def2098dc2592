import { describe, expect, test } from 'vitest';
import { AttachmentDraft } from './attachment-draft.js';
import { attachmentDraftFor, clearAttachmentDrafts } from './attachment-drafts.js';

function draftWithUploads() {
  const aborted: string[] = [];
  const draft = new AttachmentDraft({
    upload: (item) => ({
      done: new Promise(() => {}),
      abort: () => aborted.push(item.file.name),
    }),
    createUrl: (file) => `blob:${file.name}`,
    revokeUrl: () => {},
    newId: () => crypto.randomUUID(),
  });
  return { draft, aborted };
}

describe('attachment drafts', () => {
  test('each conversation keeps its own tray until sign-out clears them all', () => {
    const first = draftWithUploads();
    const other = draftWithUploads();
    expect(attachmentDraftFor('c1', () => first.draft)).toBe(first.draft);
    expect(attachmentDraftFor('c2', () => other.draft)).toBe(other.draft);
    first.draft.add([new File(['x'], 'a.txt')]);
    // Coming back to the chat finds the same tray, upload still going.
    expect(attachmentDraftFor('c1', () => draftWithUploads().draft)).toBe(first.draft);
    expect(first.draft.getState().items).toHaveLength(1);

    clearAttachmentDrafts();
    expect(first.aborted).toEqual(['a.txt']);
    expect(first.draft.getState().items).toEqual([]);
    expect(attachmentDraftFor('c1', () => other.draft)).toBe(other.draft);
    clearAttachmentDrafts();
  });
});
