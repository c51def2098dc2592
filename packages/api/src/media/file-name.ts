import { create as createContentDisposition } from 'content-disposition';

/** Longest display name, in UTF-16 code units (what zod's `.max()` counts). */
export const FILE_NAME_MAX_LENGTH = 255;

/** The name given to a file whose name is empty once cleaned. */
const FALLBACK_NAME = 'file';

/** An extension longer than this is treated as part of the name when shortening. */
const MAX_EXTENSION_LENGTH = 16;

// Characters that change how the rest of a name is shown or that cannot be shown at all: controls (C0,
// DEL, C1) and every format character, which covers the bidi embeddings, overrides and isolates
// (U+202A–202E, U+2066–2069) that can make "gpj.exe" read as "exe.jpg", the bidi marks, zero-width
// spaces and joiners, the BOM and the invisible tag characters; and lone surrogate halves, which are
// no character at all and cannot be written as UTF-8.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}]/gu;
const WHITESPACE = /\p{White_Space}+/gu;

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * The display name of an uploaded file: its last path part only (a name is never used as a path, but
 * a download must not suggest one), without invisible or direction-changing characters, with runs of
 * whitespace made one space, and at most FILE_NAME_MAX_LENGTH long with its extension kept. Never
 * empty.
 */
export function sanitizeFileName(name: string | null | undefined): string {
  const cleaned = (name ?? '')
    .normalize('NFC')
    // Tabs and line breaks are controls too, but they separated words: keep a space for them.
    .replace(WHITESPACE, ' ')
    .replace(INVISIBLE, '');
  const base =
    cleaned
      .split(/[/\\]/)
      .map((part) => part.trim())
      .filter((part) => part !== '' && part !== '.' && part !== '..')
      .at(-1) ?? '';
  return shorten(base.replace(/ +/g, ' ')) || FALLBACK_NAME;
}

/** Cuts a name to the limit at a character boundary, keeping a short extension whole. */
function shorten(name: string): string {
  if (name.length <= FILE_NAME_MAX_LENGTH) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && name.length - dot <= MAX_EXTENSION_LENGTH + 1 ? name.slice(dot) : '';
  const stem = name.slice(0, name.length - extension.length);
  let kept = '';
  for (const { segment } of graphemes.segment(stem)) {
    if (kept.length + segment.length + extension.length > FILE_NAME_MAX_LENGTH) break;
    kept += segment;
  }
  return kept.trimEnd() + extension;
}

/**
 * A Content-Disposition header for a download of the file: `filename` carries a plain-ASCII stand-in
 * (accents dropped, other characters, `%` and `"` replaced) for old clients, and `filename*` (RFC 8187,
 * formerly 5987) the exact UTF-8 name whenever the two differ.
 */
export function contentDisposition(name: string, disposition: 'inline' | 'attachment'): string {
  const safe = sanitizeFileName(name);
  return createContentDisposition(safe, { type: disposition, fallback: asciiStandIn(safe) });
}

function asciiStandIn(name: string): string {
  // Decomposed, "é" is "e" plus a combining accent, which is then dropped. '%' is replaced since some
  // clients percent-decode a plain filename, and '"' since some mishandle it escaped.
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\x20-\x7e]|["%]/gu, '_');
}
