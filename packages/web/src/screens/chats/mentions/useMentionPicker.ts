import { useId, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import type { TPublicUser } from '../conversation-title.js';
import {
  insertMention,
  matchingMembers,
  mentionedIds,
  mentionQueryAt,
  type MentionQuery,
} from './mention-query.js';

/**
 * Offers the members to mention while `@…` is typed in the Message field: a list box under the
 * field's control (arrows move, Enter or Tab picks, Escape closes) that puts `@displayName` in the
 * text; `mentions()` names the picked people still in it, for the send.
 */
export function useMentionPicker(
  members: TPublicUser[],
  text: string,
  change: (text: string) => void,
  input: RefObject<HTMLTextAreaElement | null>,
) {
  const listId = useId();
  const [typed, setTyped] = useState<MentionQuery | null>(null);
  const [active, setActive] = useState(0);
  const picked = useRef<TPublicUser[]>([]);
  const options = typed && members.length > 0 ? matchingMembers(members, typed.query) : [];
  const open = options.length > 0;
  const current = Math.min(active, options.length - 1);

  const follow = (value: string, caret: number) => {
    setTyped(mentionQueryAt(value, caret));
    setActive(0);
  };
  const pick = (member: TPublicUser) => {
    if (!typed) return;
    const next = insertMention(text, typed, member.displayName);
    picked.current.push(member);
    change(next.text);
    setTyped(null);
    // After React has put the new text in the field.
    requestAnimationFrame(() => {
      input.current?.focus();
      input.current?.setSelectionRange(next.caret, next.caret);
    });
  };
  /** True when the key was for the list (the field must not act on it too). */
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): boolean => {
    if (!open || event.nativeEvent.isComposing) return false;
    const move = { ArrowDown: 1, ArrowUp: -1 }[event.key];
    if (move !== undefined) setActive((current + move + options.length) % options.length);
    else if (event.key === 'Enter' || event.key === 'Tab') pick(options[current]!);
    else if (event.key === 'Escape') setTyped(null);
    else return false;
    event.preventDefault();
    return true;
  };

  return {
    follow,
    onKeyDown,
    close: () => setTyped(null),
    mentions: () => mentionedIds(text, picked.current),
    sent: () => {
      picked.current = [];
    },
    /** For the field: it controls the list while it is open. */
    fieldProps: {
      'aria-autocomplete': 'list' as const,
      'aria-controls': open ? listId : undefined,
      'aria-activedescendant': open ? `${listId}-${current}` : undefined,
    },
    popup: open ? { id: listId, options, active: current, pick } : null,
  };
}
