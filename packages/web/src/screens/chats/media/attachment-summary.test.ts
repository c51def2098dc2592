import { describe, expect, test } from 'vitest';
import { attachmentSummary, textOrAttachments } from './attachment-summary.js';

const image = { kind: 'image' as const, name: 'a.jpg' };
const file = { kind: 'file' as const, name: 'notes.pdf' };

describe('attachmentSummary', () => {
  test('names what a message carries', () => {
    expect(attachmentSummary([])).toBeNull();
    expect(attachmentSummary([image])).toBe('Photo');
    expect(attachmentSummary([image, image, image])).toBe('3 photos');
    expect(attachmentSummary([{ kind: 'video', name: 'v.mp4' }])).toBe('Video');
    expect(attachmentSummary([file])).toBe('notes.pdf');
    expect(attachmentSummary([file, file])).toBe('2 files');
    expect(attachmentSummary([{ kind: 'voice', name: 'voice.webm', durationMs: 7_400 }])).toBe(
      'Voice message (0:07)',
    );
    expect(attachmentSummary([image, file])).toBe('2 attachments');
  });

  test('a caption wins; an empty one gives way to the summary', () => {
    expect(textOrAttachments({ text: 'Look!', attachments: [image] })).toBe('Look!');
    expect(textOrAttachments({ text: '', attachments: [image] })).toBe('Photo');
    expect(textOrAttachments({ text: '', attachments: [] })).toBe('');
    expect(textOrAttachments({ text: null, attachments: [] })).toBeNull();
  });
});
