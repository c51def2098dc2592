import { useEffect, useState, useSyncExternalStore } from 'react';
import { AttachmentDraft } from './attachment-draft.js';
import { uploadTrayItem } from './item-upload.js';
import type { TrayState } from './tray-state.js';
import { useUploadMedia } from './useUploadMedia.js';

/** The attachments of the open conversation's next message; dropped (uploads cancelled) on leaving. */
export function useAttachmentDraft(): AttachmentDraft {
  const upload = useUploadMedia();
  const [draft] = useState(
    () =>
      new AttachmentDraft({
        upload: (item, onProgress) => uploadTrayItem(item, upload, onProgress),
        createUrl: (file) => URL.createObjectURL(file),
        revokeUrl: (url) => URL.revokeObjectURL(url),
        newId: () => crypto.randomUUID(),
      }),
  );
  useEffect(() => () => draft.clear(), [draft]);
  return draft;
}

/** The tray as it stands, re-rendering the caller on every change (progress included). */
export function useTray(draft: AttachmentDraft): TrayState {
  return useSyncExternalStore(draft.subscribe, draft.getState);
}
