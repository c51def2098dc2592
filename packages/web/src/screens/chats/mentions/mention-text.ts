export type MentionPart = { kind: 'text' | 'mention'; text: string };

const escape = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Splits text where it names one of `names` as `@name` (the longest name first, and not followed
 * by more of a word), so those parts can be shown highlighted. The parts are rendered as text.
 */
export function splitMentions(text: string, names: string[]): MentionPart[] {
  if (names.length === 0) return [{ kind: 'text', text }];
  const alternatives = [...names].sort((a, b) => b.length - a.length).map(escape);
  const pattern = new RegExp(`@(?:${alternatives.join('|')})(?![\\p{L}\\p{N}_])`, 'gu');
  const parts: MentionPart[] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) parts.push({ kind: 'text', text: text.slice(last, match.index) });
    parts.push({ kind: 'mention', text: match[0] });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}
