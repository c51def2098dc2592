/** `%`, `_` and `\` in user text are literal characters in a LIKE pattern, not wildcards. */
export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
