import { beforeEach, describe, expect, test } from 'vitest';
import { createVoiceDrafts, type VoiceDraft } from './voice-drafts.js';

const draft = (seconds: number): VoiceDraft => ({
  blob: new Blob([new Uint8Array(seconds)], { type: 'audio/webm' }),
  url: `blob:draft-${seconds}`,
  type: 'audio/webm;codecs=opus',
  durationMs: seconds * 1000,
  peaks: [0, 128, 255],
  limited: false,
});

let revoked: string[];
const create = () => createVoiceDrafts((url) => revoked.push(url));
beforeEach(() => {
  revoked = [];
});

describe('voice drafts', () => {
  test('each conversation keeps its own recording', () => {
    const drafts = create();
    drafts.save('c1', draft(3));
    drafts.save('c2', draft(5));
    expect(drafts.read('c1')?.durationMs).toBe(3000);
    expect(drafts.read('c2')?.durationMs).toBe(5000);
    expect(drafts.read('c3')).toBeNull();
  });

  test('a new recording replaces the old one; discard forgets only that chat', () => {
    const drafts = create();
    drafts.save('c1', draft(3));
    drafts.save('c1', draft(4));
    drafts.save('c2', draft(5));
    expect(drafts.read('c1')?.durationMs).toBe(4000);
    drafts.discard('c1');
    expect(drafts.read('c1')).toBeNull();
    expect(drafts.read('c2')).not.toBeNull();
    // Each recording's object URL is let go exactly once, when it is replaced or discarded.
    expect(revoked).toEqual(['blob:draft-3', 'blob:draft-4']);
  });

  test('listeners hear of drafts that arrive later, and of sign-out clearing them all', () => {
    const drafts = create();
    let calls = 0;
    const unsubscribe = drafts.subscribe(() => (calls += 1));
    drafts.save('c1', draft(1));
    drafts.discard('c2'); // nothing there: no news
    expect(calls).toBe(1);
    drafts.clear();
    expect(drafts.read('c1')).toBeNull();
    expect(revoked).toEqual(['blob:draft-1']);
    expect(calls).toBe(2);
    unsubscribe();
    drafts.save('c1', draft(1));
    expect(calls).toBe(2);
  });

  test('a recording that finishes after a sign-out is not kept', () => {
    const drafts = create();
    const since = drafts.epoch();
    drafts.clear(); // sign-out while the recorder was still finishing
    drafts.save('c1', draft(2), since);
    expect(drafts.read('c1')).toBeNull();
    expect(revoked).toEqual(['blob:draft-2']);
    drafts.save('c1', draft(3), drafts.epoch());
    expect(drafts.read('c1')).not.toBeNull();
  });
});
