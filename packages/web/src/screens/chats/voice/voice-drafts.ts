/** A finished recording not sent yet: what the review shows and Send uploads. */
export interface VoiceDraft {
  blob: Blob;
  /** An object URL of `blob` for the review player; revoked when the draft goes. */
  url: string;
  /** What MediaRecorder recorded, e.g. "audio/webm;codecs=opus". */
  type: string;
  durationMs: number;
  peaks: number[];
  /** Set when the recording hit the length limit and was stopped there. */
  limited: boolean;
}

/**
 * Unsent recordings per conversation, in memory only (like text drafts, see drafts.ts): leaving a
 * chat keeps its recording, a sign-out forgets them all. Subscribable, because a recording that was
 * running when its chat closed lands here a moment later, when the recorder has finished.
 */
export function createVoiceDrafts(revoke: (url: string) => void) {
  const drafts = new Map<string, VoiceDraft>();
  /** Moves on at every clear(), so a recording that finishes after a sign-out is not kept. */
  let epoch = 0;
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const listener of listeners) listener();
  };
  return {
    read: (conversationId: string): VoiceDraft | null => drafts.get(conversationId) ?? null,
    epoch: (): number => epoch,
    /** Keeps `draft` unless the drafts were cleared since `since` (an `epoch()` taken earlier). */
    save(conversationId: string, draft: VoiceDraft, since = epoch): void {
      if (since !== epoch) {
        revoke(draft.url);
        return;
      }
      const old = drafts.get(conversationId);
      if (old && old.url !== draft.url) revoke(old.url);
      drafts.set(conversationId, draft);
      changed();
    },
    discard(conversationId: string): void {
      const old = drafts.get(conversationId);
      if (!old) return;
      revoke(old.url);
      drafts.delete(conversationId);
      changed();
    },
    clear(): void {
      epoch += 1;
      for (const draft of drafts.values()) revoke(draft.url);
      drafts.clear();
      changed();
    },
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type VoiceDrafts = ReturnType<typeof createVoiceDrafts>;

/** The app's drafts. */
export const voiceDrafts = createVoiceDrafts((url) => URL.revokeObjectURL(url));
