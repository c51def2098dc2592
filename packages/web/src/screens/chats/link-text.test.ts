import { describe, expect, test } from 'vitest';
import { splitLinks } from './link-text.js';

describe('splitLinks', () => {
  test('finds http and https links inside text, leaving closing punctuation outside', () => {
    expect(splitLinks('See https://example.com/a?b=1. And (http://x.org)!')).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'link', text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { kind: 'text', text: '. And (' },
      { kind: 'link', text: 'http://x.org', href: 'http://x.org/' },
      { kind: 'text', text: ')!' },
    ]);
  });

  test('other schemes and markup stay plain text', () => {
    const text = 'javascript:alert(1) data:text/html,<b>x</b> <a href="https://e.com">y</a>';
    const links = splitLinks(text).filter((part) => part.kind === 'link');
    // The URL inside the markup is a link; the markup around it stays text.
    expect(links).toEqual([{ kind: 'link', text: 'https://e.com', href: 'https://e.com/' }]);
    expect(
      splitLinks(text)
        .map((part) => part.text)
        .join(''),
    ).toBe(text);
    expect(splitLinks('ftp://files.example.com')).toEqual([
      { kind: 'text', text: 'ftp://files.example.com' },
    ]);
  });

  test('text without links is one part, and empty text none', () => {
    expect(splitLinks('hello\nthere')).toEqual([{ kind: 'text', text: 'hello\nthere' }]);
    expect(splitLinks('')).toEqual([]);
  });
});
