import { describe, expect, test } from 'vitest';
import type { TPublicUser } from '../conversation-title.js';
import { insertMention, matchingMembers, mentionedIds, mentionQueryAt } from './mention-query.js';

const person = (id: string, username: string, displayName: string) =>
  ({ id, username, displayName }) as TPublicUser;
const ann = person('u1', 'ann_s', 'Ann Smith');
const ben = person('u2', 'benjamin', 'Ben');
const bea = person('u3', 'bea', 'Beatrix Ann');

describe('mentionQueryAt', () => {
  test('finds an @ at the start or after a space, up to the caret', () => {
    expect(mentionQueryAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionQueryAt('hi @be', 6)).toEqual({ start: 3, query: 'be' });
    expect(mentionQueryAt('hi @be and more', 6)).toEqual({ start: 3, query: 'be' });
  });

  test('ignores an @ inside a word (an e-mail address) or finished by a space', () => {
    expect(mentionQueryAt('mail ann@example', 16)).toBeNull();
    expect(mentionQueryAt('hi @ben ', 8)).toBeNull();
    expect(mentionQueryAt('no mention', 10)).toBeNull();
  });
});

describe('matchingMembers', () => {
  test('matches usernames and any word of a name, ignoring case, sorted by name', () => {
    expect(matchingMembers([ann, ben, bea], 'b')).toEqual([bea, ben]);
    expect(matchingMembers([ann, ben, bea], 'ANN')).toEqual([ann, bea]);
    expect(matchingMembers([ann, ben, bea], 'benj')).toEqual([ben]);
    expect(matchingMembers([ann, ben, bea], '')).toEqual([ann, bea, ben]);
    expect(matchingMembers([ann, ben, bea], 'zed')).toEqual([]);
  });
});

describe('insertMention', () => {
  test('replaces what was typed with the name and a space, caret after it', () => {
    expect(insertMention('hi @be, ok', { start: 3, query: 'be' }, 'Ben')).toEqual({
      text: 'hi @Ben , ok',
      caret: 8,
    });
    expect(insertMention('@', { start: 0, query: '' }, 'Ann Smith')).toEqual({
      text: '@Ann Smith ',
      caret: 11,
    });
  });
});

describe('mentionedIds', () => {
  test('keeps the picked people still named in the text, each once', () => {
    expect(mentionedIds('@Ben and @Ben, @Ann Smith', [ben, ann, ben])).toEqual(['u2', 'u1']);
    expect(mentionedIds('never mind', [ben])).toEqual([]);
  });
});
