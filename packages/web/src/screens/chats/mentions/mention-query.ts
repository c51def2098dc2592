import type { TConversation, TPublicUser } from '../conversation-title.js';

/** An `@…` being typed: where its `@` is, and what follows it up to the caret. */
export interface MentionQuery {
  start: number;
  query: string;
}

const SHOWN = 8;

/** Who can be mentioned: in a group, the other members; nobody in a direct chat. */
export function mentionable(conversation: TConversation, myUserId: string): TPublicUser[] {
  if (conversation.kind !== 'group') return [];
  return conversation.members.map((m) => m.user).filter((user) => user.id !== myUserId);
}

/** The mention typed just before the caret: an `@` at the start or after a space, then no space. */
export function mentionQueryAt(text: string, caret: number): MentionQuery | null {
  const match = /(?:^|\s)@([^\s@]{0,30})$/.exec(text.slice(0, caret));
  if (!match) return null;
  const query = match[1] ?? '';
  return { start: caret - query.length - 1, query };
}

/** The members whose name (any word of it) or username starts with what was typed. */
export function matchingMembers(members: TPublicUser[], query: string): TPublicUser[] {
  const typed = query.toLocaleLowerCase();
  return members
    .filter(
      (member) =>
        member.username.toLocaleLowerCase().startsWith(typed) ||
        member.displayName
          .toLocaleLowerCase()
          .split(/\s+/)
          .some((word) => word.startsWith(typed)),
    )
    .sort((a, b) => a.displayName.localeCompare(b.displayName))
    .slice(0, SHOWN);
}

/** The text with the typed `@…` replaced by `@displayName ` and where the caret goes after it. */
export function insertMention(
  text: string,
  at: MentionQuery,
  displayName: string,
): { text: string; caret: number } {
  const inserted = `@${displayName} `;
  const end = at.start + 1 + at.query.length;
  return {
    text: text.slice(0, at.start) + inserted + text.slice(end),
    caret: at.start + inserted.length,
  };
}

/** The picked members still named (`@displayName`) in the text being sent, each once. */
export function mentionedIds(text: string, picked: TPublicUser[]): string[] {
  const ids = picked.filter((m) => text.includes(`@${m.displayName}`)).map((m) => m.id);
  return [...new Set(ids)];
}
