import { parse } from 'content-disposition';
import { describe, expect, it } from 'vitest';

import { fixture } from '../test/fixtures.js';
import { contentDisposition, FILE_NAME_MAX_LENGTH, sanitizeFileName } from './file-name.js';

describe('sanitizeFileName', () => {
  it('keeps only the last path part, for either kind of slash', () => {
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFileName('..\\..\\win.ini')).toBe('win.ini');
    expect(sanitizeFileName('/home/jane/Report 2026.pdf')).toBe('Report 2026.pdf');
    expect(sanitizeFileName('C:\\Users\\jane\\photo.jpg')).toBe('photo.jpg');
    expect(sanitizeFileName('notes/..')).toBe('notes');
    expect(sanitizeFileName('photo.jpg/')).toBe('photo.jpg');
  });

  it('drops control, bidi and zero-width characters', () => {
    expect(sanitizeFileName('a\u0000b.txt')).toBe('ab.txt');
    expect(sanitizeFileName('invoice\u202Egpj.exe')).toBe('invoicegpj.exe');
    const bidi = [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200f];
    expect(sanitizeFileName(`x${String.fromCodePoint(...bidi)}y`)).toBe('xy');
    expect(sanitizeFileName('pay\u200Bpal\u200D\uFEFF.pdf')).toBe('paypal.pdf');
    expect(sanitizeFileName('bell\u0007\u007F\u009B.txt')).toBe('bell.txt');
    // Half of a surrogate pair is no character; a whole pair is kept.
    expect(sanitizeFileName('a\uD800b 😀.txt')).toBe('ab 😀.txt');
  });

  it('turns runs of whitespace and line breaks into one space and trims', () => {
    expect(sanitizeFileName('  my \t\r\n  holiday\u00A0\u2028photo.jpg  ')).toBe(
      'my holiday photo.jpg',
    );
  });

  it('gives "file" for an empty or invisible name', () => {
    for (const name of ['', '   ', undefined, null, '../..', '\u202E\u200B', '/', '.']) {
      expect(sanitizeFileName(name)).toBe('file');
    }
  });

  it('shortens a long name to the limit, keeping its extension and whole characters', () => {
    const long = sanitizeFileName(`${'a'.repeat(1000)}.tar.gz`);
    expect(long).toHaveLength(FILE_NAME_MAX_LENGTH);
    expect(long.endsWith('a.gz')).toBe(true);

    // 'é' as e + combining accent is one character of two code units, and emoji are two units each.
    const accents = sanitizeFileName(`${'e\u0301'.repeat(200)}.png`);
    expect(accents.length).toBeLessThanOrEqual(FILE_NAME_MAX_LENGTH);
    expect(accents.normalize('NFC')).toBe(`${'é'.repeat(accents.length - 4)}.png`);
    const emoji = sanitizeFileName(`${'😀'.repeat(300)}.txt`);
    expect(emoji).toBe(`${'😀'.repeat(125)}.txt`);

    // No extension, or one too long to be one: cut at the limit.
    expect(sanitizeFileName('b'.repeat(300))).toBe('b'.repeat(FILE_NAME_MAX_LENGTH));
    expect(sanitizeFileName(`x.${'c'.repeat(300)}`)).toHaveLength(FILE_NAME_MAX_LENGTH);
    expect(sanitizeFileName(`${'d'.repeat(255)}`)).toBe('d'.repeat(255));
  });

  it('keeps every hostile string of the fixture as inert text, never empty', async () => {
    const lines = (await fixture('xss-strings.txt')).toString('utf8').split('\n').filter(Boolean);
    for (const line of lines) {
      const name = sanitizeFileName(line);
      expect(name.length).toBeGreaterThan(0);
      expect(name.length).toBeLessThanOrEqual(FILE_NAME_MAX_LENGTH);
      expect(name).not.toMatch(/[/\\\p{Cc}\u202A-\u202E\u2066-\u2069]/u);
    }
  });
});

describe('contentDisposition', () => {
  it('gives a plain ASCII name as it is', () => {
    // A name that is an HTTP token needs no quotes.
    expect(contentDisposition('report.pdf', 'attachment')).toBe('attachment; filename=report.pdf');
    expect(contentDisposition('my clip.mp4', 'inline')).toBe('inline; filename="my clip.mp4"');
  });

  it('gives an ASCII stand-in and the exact UTF-8 name for any other name', () => {
    const header = contentDisposition('Café «menu» 😀.pdf', 'attachment');
    expect(header).toBe(
      `attachment; filename="Cafe _menu_ _.pdf"; filename*=UTF-8''Caf%C3%A9%20%C2%ABmenu%C2%BB%20%F0%9F%98%80.pdf`,
    );
    expect(header).toMatch(/^[\x20-\x7e]+$/);
    expect(parse(header).parameters.filename).toBe('Café «menu» 😀.pdf');
  });

  it('quotes what would end the parameter and never carries a path or a line break', () => {
    for (const hostile of [
      '../../etc/passwd',
      'a"; filename="evil.html',
      'x\r\nSet-Cookie: a=b',
      '%41.txt',
    ]) {
      const header = contentDisposition(hostile, 'attachment');
      expect(header).toMatch(
        /^attachment; filename=("[^/\\\r\n"]*"|[^/\\\s"]+)(; filename\*=UTF-8''\S+)?$/,
      );
      const parsed = parse(header);
      expect(parsed.type).toBe('attachment');
      expect(parsed.parameters.filename).toBe(sanitizeFileName(hostile));
    }
    // '%' is replaced in the stand-in, which some clients would percent-decode into "A.txt".
    expect(contentDisposition('%41.txt', 'attachment')).toBe(
      `attachment; filename=_41.txt; filename*=UTF-8''%2541.txt`,
    );
  });
});
