import { describe, expect, test } from 'vitest';
import type { TAttachment } from './attachment-types.js';
import {
  attachmentsToSend,
  EMPTY_TRAY,
  MAX_ATTACHMENTS,
  newTrayItem,
  percentUploaded,
  roomLeft,
  trayStatus,
  updateItem,
  withItems,
  withoutItem,
} from './tray-state.js';

const file = (name: string, size = 100) => new File([new Uint8Array(size)], name);
const item = (id: string) => newTrayItem(id, file(`${id}.txt`), 'file', null);
const descriptor = (mediaId: string): TAttachment => ({
  mediaId,
  key: 'k'.repeat(43),
  digest: 'd'.repeat(43),
  size: 100,
  mediaType: 'text/plain',
  kind: 'file',
  name: `${mediaId}.txt`,
});

describe('tray state', () => {
  test('takes up to the album limit and says how many files were left out', () => {
    expect(MAX_ATTACHMENTS).toBe(10);
    const nine = withItems(
      EMPTY_TRAY,
      Array.from({ length: 9 }, (_, i) => item(`f${i}`)),
      0,
    );
    expect(roomLeft(nine)).toBe(1);
    expect(nine.notice).toBeNull();
    const full = withItems(nine, [item('last')], 2);
    expect(roomLeft(full)).toBe(0);
    expect(full.notice).toBe('A message takes up to 10 attachments: 2 files were left out.');
    expect(withoutItem(full, 'f0').notice).toBeNull();
  });

  test('sends nothing for an empty tray, waits while any item is not uploaded', () => {
    expect(attachmentsToSend(EMPTY_TRAY)).toEqual([]);
    let tray = withItems(EMPTY_TRAY, [item('a'), item('b')], 0);
    expect(attachmentsToSend(tray)).toBeNull();
    tray = updateItem(tray, 'b', { status: 'uploaded', attachment: descriptor('B') });
    expect(attachmentsToSend(tray)).toBeNull();
    tray = updateItem(tray, 'a', { status: 'failed', error: 'Too large' });
    expect(attachmentsToSend(tray)).toBeNull();
    // Removing the failed one leaves what is ready.
    expect(attachmentsToSend(withoutItem(tray, 'a'))).toEqual([descriptor('B')]);
    tray = updateItem(tray, 'a', { status: 'uploaded', error: null, attachment: descriptor('A') });
    // In the order the files were added, not the order they finished.
    expect(attachmentsToSend(tray)?.map((a) => a.mediaId)).toEqual(['A', 'B']);
  });

  test('updates leave other items and unknown ids alone', () => {
    const tray = withItems(EMPTY_TRAY, [item('a'), item('b')], 0);
    expect(updateItem(tray, 'gone', { status: 'failed' })).toBe(tray);
    const changed = updateItem(tray, 'a', { loaded: 50 });
    expect(changed.items[1]).toBe(tray.items[1]);
    expect(changed.items[0]?.loaded).toBe(50);
  });

  test('progress is whole percent, 100 only once uploaded', () => {
    expect(percentUploaded({ loaded: 0, total: 0, status: 'waiting' })).toBe(0);
    expect(percentUploaded({ loaded: 333, total: 1000, status: 'uploading' })).toBe(33);
    expect(percentUploaded({ loaded: 1000, total: 1000, status: 'uploading' })).toBe(99);
    expect(percentUploaded({ loaded: 1000, total: 1000, status: 'uploaded' })).toBe(100);
  });

  test('says where the uploads stand', () => {
    let tray = withItems(EMPTY_TRAY, [item('a'), item('b')], 0);
    expect(trayStatus(EMPTY_TRAY)).toBe('');
    expect(trayStatus(tray)).toBe('Uploading: 0 of 2 done');
    tray = updateItem(tray, 'a', { status: 'uploaded', attachment: descriptor('A') });
    expect(trayStatus(tray)).toBe('Uploading: 1 of 2 done');
    expect(trayStatus(updateItem(tray, 'b', { status: 'failed' }))).toBe(
      '1 of 2 could not be uploaded',
    );
    tray = updateItem(tray, 'b', { status: 'uploaded', attachment: descriptor('B') });
    expect(trayStatus(tray)).toBe('All 2 ready to send');
    expect(trayStatus(withoutItem(tray, 'a'))).toBe('Ready to send');
  });
});
