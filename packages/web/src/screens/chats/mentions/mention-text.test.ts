import { describe, expect, test } from 'vitest';
import { splitMentions } from './mention-text.js';

describe('splitMentions', () => {
  test('marks @name for the names given, the longest first', () => {
    expect(splitMentions('Hi @Ann Smith and @Ann!', ['Ann', 'Ann Smith'])).toEqual([
      { kind: 'text', text: 'Hi ' },
      { kind: 'mention', text: '@Ann Smith' },
      { kind: 'text', text: ' and ' },
      { kind: 'mention', text: '@Ann' },
      { kind: 'text', text: '!' },
    ]);
  });

  test('leaves other words, longer names and names with pattern characters alone', () => {
    expect(splitMentions('@Annabel @Bob', ['Ann'])).toEqual([
      { kind: 'text', text: '@Annabel @Bob' },
    ]);
    expect(splitMentions('ping @a.b (x)', ['a.b'])).toEqual([
      { kind: 'text', text: 'ping ' },
      { kind: 'mention', text: '@a.b' },
      { kind: 'text', text: ' (x)' },
    ]);
    expect(splitMentions('@axb', ['a.b'])).toEqual([{ kind: 'text', text: '@axb' }]);
    expect(splitMentions('no one', [])).toEqual([{ kind: 'text', text: 'no one' }]);
  });
});
