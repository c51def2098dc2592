import { useState, useSyncExternalStore } from 'react';
import { AttachmentDraft } from './attachment-draft.js';
import { attachmentDraftFor } from './attachment-drafts.js';
import { uploadTrayItem } from './item-upload.js';
import type { TrayState } from './tray-state.js';
import { useUploadMedia } from './useUploadMedia.js';

/** The attachments of the conversation's next message; kept while another chat is open. */
export function useAttachmentDraft(conversationId: string): AttachmentDraft {
  const upload = useUploadMedia();
  const [draft] = useState(() =>
    attachmentDraftFor(
      conversationId,
      () =>
        new AttachmentDraft({
          upload: (item, onProgress) => uploadTrayItem(item, upload, onProgress),
          createUrl: (file) => URL.createObjectURL(file),
          revokeUrl: (url) => URL.revokeObjectURL(url),
          newId: () => crypto.randomUUID(),
        }),
    ),
  );
  return draft;
}

/** The tray as it stands, re-rendering the caller on every change (progress included). */
export function useTray(draft: AttachmentDraft): TrayState {
  return useSyncExternalStore(draft.subscribe, draft.getState);
}
