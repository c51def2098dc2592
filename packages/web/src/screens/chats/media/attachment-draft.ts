import type { TAttachment } from './attachment-types.js';
import { kindOfFile } from './media-kind.js';
import {
  EMPTY_TRAY,
  newTrayItem,
  roomLeft,
  updateItem,
  withItems,
  withoutItem,
  type TrayItem,
  type TrayState,
} from './tray-state.js';
import { UploadError } from './upload-media.js';
import { UploadQueue, type Upload } from './upload-queue.js';

export interface AttachmentDraftDeps {
  upload(item: TrayItem, onProgress: (loaded: number, total: number) => void): Upload<TAttachment>;
  /** Object URLs for previews (URL.createObjectURL / revokeObjectURL in the browser). */
  createUrl(file: File): string;
  revokeUrl(url: string): void;
  newId(): string;
}

/**
 * The attachments being put together for one message: the tray's items and their uploads, which
 * start as soon as a file is added. Removing an item cancels its upload; a failed one is retried on
 * its own. A store for useSyncExternalStore, so only what shows the tray re-renders on progress.
 */
export class AttachmentDraft {
  #state: TrayState = EMPTY_TRAY;
  readonly #listeners = new Set<() => void>();
  readonly #deps: AttachmentDraftDeps;
  readonly #queue: UploadQueue<TAttachment>;

  constructor(deps: AttachmentDraftDeps) {
    this.#deps = deps;
    this.#queue = new UploadQueue<TAttachment>({
      onStart: (id) => this.#update(id, { status: 'uploading', error: null, loaded: 0 }),
      onProgress: (id, loaded, total) => this.#update(id, { loaded, total }),
      onDone: (id, attachment) => this.#update(id, { status: 'uploaded', attachment }),
      onFail: (id, error) => this.#update(id, { status: 'failed', error: failureMessage(error) }),
    });
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  readonly getState = (): TrayState => this.#state;

  /** Files chosen, dropped or pasted; those past the 10-item limit are left out with a notice. */
  readonly add = (files: Iterable<File>): void => {
    const all = [...files];
    if (all.length === 0) return;
    const accepted = all.slice(0, roomLeft(this.#state));
    const items = accepted.map((file) => {
      const kind = kindOfFile(file);
      const url = kind === 'file' ? null : this.#deps.createUrl(file);
      return newTrayItem(this.#deps.newId(), file, kind, url);
    });
    this.#set(withItems(this.#state, items, all.length - accepted.length));
    for (const item of items) this.#enqueue(item);
  };

  readonly remove = (id: string): void => {
    const item = this.#state.items.find((i) => i.id === id);
    if (!item) return;
    this.#queue.cancel(id);
    if (item.previewUrl) this.#deps.revokeUrl(item.previewUrl);
    this.#set(withoutItem(this.#state, id));
  };

  readonly retry = (id: string): void => {
    const item = this.#state.items.find((i) => i.id === id);
    if (item?.status !== 'failed') return;
    this.#set(updateItem(this.#state, id, { status: 'waiting', error: null, loaded: 0 }));
    this.#enqueue(item);
  };

  /** Empties the tray: after the message is sent, or when the conversation closes. */
  readonly clear = (): void => {
    this.#queue.cancelAll();
    for (const item of this.#state.items)
      if (item.previewUrl) this.#deps.revokeUrl(item.previewUrl);
    this.#set(EMPTY_TRAY);
  };

  #enqueue(item: TrayItem): void {
    this.#queue.add(item.id, (onProgress) => this.#deps.upload(item, onProgress));
  }

  #update(id: string, change: Partial<TrayItem>): void {
    this.#set(updateItem(this.#state, id, change));
  }

  #set(state: TrayState): void {
    if (state === this.#state) return;
    this.#state = state;
    for (const listener of this.#listeners) listener();
  }
}

function failureMessage(error: unknown): string {
  return error instanceof UploadError ? error.message : 'The upload failed. Please try again.';
}
