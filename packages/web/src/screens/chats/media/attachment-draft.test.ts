import { describe, expect, test } from 'vitest';
import { AttachmentDraft } from './attachment-draft.js';
import type { TAttachment } from './attachment-types.js';
import type { TrayItem } from './tray-state.js';
import { UploadError } from './upload-media.js';

interface Started {
  item: TrayItem;
  progress(loaded: number, total: number): void;
  resolve(value: TAttachment): void;
  reject(error: Error): void;
  aborted: boolean;
}

/** A draft whose uploads and object URLs the test controls and watches. */
function makeDraft() {
  const started: Started[] = [];
  const urls = { created: [] as string[], revoked: [] as string[] };
  let ids = 0;
  const draft = new AttachmentDraft({
    upload(item, onProgress) {
      let resolve!: (value: TAttachment) => void;
      let reject!: (error: Error) => void;
      const done = new Promise<TAttachment>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      const entry: Started = { item, progress: onProgress, resolve, reject, aborted: false };
      started.push(entry);
      return {
        done,
        abort() {
          entry.aborted = true;
          reject(new UploadError('Cancelled', 0, true));
        },
      };
    },
    createUrl: (file) => {
      const url = `blob:${file.name}`;
      urls.created.push(url);
      return url;
    },
    revokeUrl: (url) => urls.revoked.push(url),
    newId: () => `item${++ids}`,
  });
  return { draft, started, urls };
}

const file = (name: string, type: string) => new File([new Uint8Array(64)], name, { type });
const descriptor = (name: string): TAttachment => ({
  mediaId: `id-${name}`,
  key: 'k'.repeat(43),
  digest: 'd'.repeat(43),
  size: 64,
  mediaType: 'image/png',
  kind: 'image',
  name,
});
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('AttachmentDraft', () => {
  test('adding files starts their uploads at once, with previews for images and videos only', () => {
    const { draft, started, urls } = makeDraft();
    let changes = 0;
    draft.subscribe(() => changes++);
    draft.add([
      file('photo.png', 'image/png'),
      file('clip.mp4', 'video/mp4'),
      file('notes.txt', 'text/plain'),
      file('drawing.svg', 'image/svg+xml'),
    ]);
    const { items } = draft.getState();
    expect(items.map((i) => [i.file.name, i.kind, i.previewUrl])).toEqual([
      ['photo.png', 'image', 'blob:photo.png'],
      ['clip.mp4', 'video', 'blob:clip.mp4'],
      ['notes.txt', 'file', null],
      ['drawing.svg', 'file', null],
    ]);
    expect(urls.created).toHaveLength(2);
    // Two at a time.
    expect(started.map((s) => s.item.file.name)).toEqual(['photo.png', 'clip.mp4']);
    expect(items.map((i) => i.status)).toEqual(['uploading', 'uploading', 'waiting', 'waiting']);
    expect(changes).toBeGreaterThan(0);
  });

  test('progress and completion show per item; Send gets the descriptors once all are up', async () => {
    const { draft, started } = makeDraft();
    draft.add([file('a.png', 'image/png'), file('b.png', 'image/png')]);
    started[0]!.progress(32, 64);
    expect(draft.getState().items[0]).toMatchObject({ loaded: 32, total: 64 });
    started[1]!.resolve(descriptor('b.png'));
    started[0]!.resolve(descriptor('a.png'));
    await settle();
    expect(draft.getState().items.map((i) => i.status)).toEqual(['uploaded', 'uploaded']);
    expect(draft.getState().items.map((i) => i.attachment?.name)).toEqual(['a.png', 'b.png']);
  });

  test('removing an item cancels its upload, revokes its preview and starts the next', () => {
    const { draft, started, urls } = makeDraft();
    draft.add([file('a.png', 'image/png'), file('b.txt', 'text/plain'), file('c.txt', '')]);
    const [first] = draft.getState().items;
    draft.remove(first!.id);
    expect(started[0]!.aborted).toBe(true);
    expect(urls.revoked).toEqual(['blob:a.png']);
    expect(draft.getState().items.map((i) => i.file.name)).toEqual(['b.txt', 'c.txt']);
    expect(started.map((s) => s.item.file.name)).toEqual(['a.png', 'b.txt', 'c.txt']);
  });

  test('a failed item shows why and is retried by itself; the uploaded one is not sent again', async () => {
    const { draft, started } = makeDraft();
    draft.add([file('a.png', 'image/png'), file('b.png', 'image/png')]);
    started[0]!.reject(new UploadError('An image can be at most 25 MB.', 413));
    started[1]!.resolve(descriptor('b.png'));
    await settle();
    const failed = draft.getState().items[0]!;
    expect(failed).toMatchObject({ status: 'failed', error: 'An image can be at most 25 MB.' });

    draft.retry(failed.id);
    expect(started.map((s) => s.item.file.name)).toEqual(['a.png', 'b.png', 'a.png']);
    expect(draft.getState().items.map((i) => i.status)).toEqual(['uploading', 'uploaded']);
    started[2]!.resolve(descriptor('a.png'));
    await settle();
    expect(draft.getState().items.map((i) => i.status)).toEqual(['uploaded', 'uploaded']);
    // Retry only applies to failed items.
    draft.retry(failed.id);
    expect(started).toHaveLength(3);
  });

  test('past ten items the rest are left out with a notice', () => {
    const { draft } = makeDraft();
    draft.add(Array.from({ length: 8 }, (_, i) => file(`${i}.txt`, 'text/plain')));
    draft.add(Array.from({ length: 4 }, (_, i) => file(`more${i}.txt`, 'text/plain')));
    expect(draft.getState().items).toHaveLength(10);
    expect(draft.getState().notice).toBe(
      'A message takes up to 10 attachments: 2 files were left out.',
    );
  });

  test('clear empties the tray, cancelling what is still uploading and revoking previews', () => {
    const { draft, started, urls } = makeDraft();
    draft.add([file('a.png', 'image/png'), file('clip.webm', 'video/webm')]);
    draft.clear();
    expect(draft.getState().items).toEqual([]);
    expect(started.every((s) => s.aborted)).toBe(true);
    expect(urls.revoked.sort()).toEqual(['blob:a.png', 'blob:clip.webm']);
  });
});
