import { LIMITS } from '@parley/api/validation';
import type { TAttachment } from './attachment-types.js';
import type { TrayKind } from './media-kind.js';

/** One message carries at most this many attachments (an album). */
export const MAX_ATTACHMENTS = LIMITS.attachmentsMax;

export interface TrayItem {
  id: string;
  file: File;
  kind: TrayKind;
  /** An object URL of the file, for image and video previews; revoked when the item goes. */
  previewUrl: string | null;
  status: 'waiting' | 'uploading' | 'uploaded' | 'failed';
  /** Bytes sent so far, of `total`. */
  loaded: number;
  total: number;
  error: string | null;
  /** What the upload returned: sent in `messages.send`. */
  attachment: TAttachment | null;
}

export interface TrayState {
  items: readonly TrayItem[];
  /** Said once when files were left out (more than fit in one message). */
  notice: string | null;
}

export const EMPTY_TRAY: TrayState = { items: [], notice: null };

/** How many more files the tray takes. */
export function roomLeft(state: TrayState): number {
  return Math.max(0, MAX_ATTACHMENTS - state.items.length);
}

export function newTrayItem(
  id: string,
  file: File,
  kind: TrayKind,
  previewUrl: string | null,
): TrayItem {
  return {
    id,
    file,
    kind,
    previewUrl,
    status: 'waiting',
    loaded: 0,
    total: file.size,
    error: null,
    attachment: null,
  };
}

/** Adds items (already cut to `roomLeft`); `leftOut` files did not fit. */
export function withItems(state: TrayState, added: TrayItem[], leftOut: number): TrayState {
  const notice =
    leftOut > 0
      ? `A message takes up to ${MAX_ATTACHMENTS} attachments: ${leftOut} ${
          leftOut === 1 ? 'file was' : 'files were'
        } left out.`
      : null;
  return { items: [...state.items, ...added], notice };
}

export function withoutItem(state: TrayState, id: string): TrayState {
  return { items: state.items.filter((item) => item.id !== id), notice: null };
}

export function updateItem(state: TrayState, id: string, change: Partial<TrayItem>): TrayState {
  if (!state.items.some((item) => item.id === id)) return state;
  return {
    ...state,
    items: state.items.map((item) => (item.id === id ? { ...item, ...change } : item)),
  };
}

/**
 * What Send sends along: nothing for an empty tray, every descriptor (in the order added) once all
 * items are uploaded, and null while any is still uploading or failed: Send waits.
 */
export function attachmentsToSend(state: TrayState): TAttachment[] | null {
  const sent: TAttachment[] = [];
  for (const item of state.items) {
    if (item.status !== 'uploaded' || !item.attachment) return null;
    sent.push(item.attachment);
  }
  return sent;
}

/** Whole percent uploaded, for the progress bar. */
export function percentUploaded(item: Pick<TrayItem, 'loaded' | 'total' | 'status'>): number {
  if (item.status === 'uploaded') return 100;
  if (item.total <= 0) return 0;
  return Math.min(99, Math.floor((item.loaded / item.total) * 100));
}

/** Where the uploads stand, in words, for screen readers (it changes when an item does). */
export function trayStatus(state: TrayState): string {
  const count = state.items.length;
  if (count === 0) return '';
  const failed = state.items.filter((item) => item.status === 'failed').length;
  const uploaded = state.items.filter((item) => item.status === 'uploaded').length;
  if (failed > 0) return `${failed} of ${count} could not be uploaded`;
  if (uploaded === count) return count === 1 ? 'Ready to send' : `All ${count} ready to send`;
  return `Uploading: ${uploaded} of ${count} done`;
}
