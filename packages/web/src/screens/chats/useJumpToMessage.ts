import type { Virtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { apiErrorCode } from '../../errors/api-error.js';
import type { MessageRow } from './message-rows.js';
import type { useConversationMessages } from './useConversationMessages.js';

/**
 * Shows a quoted message: scrolls it to the middle of the list (after loading the page around it
 * when it is not loaded) and gives it focus, so a screen reader reads it and the keyboard goes on
 * from there.
 */
export function useJumpToMessage(
  history: ReturnType<typeof useConversationMessages>,
  rows: MessageRow[],
  virtualizer: Virtualizer<HTMLDivElement, Element>,
  scroller: RefObject<HTMLDivElement | null>,
) {
  const [target, setTarget] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const scrolledTo = useRef<string | null>(null);
  const focused = useRef<string | null>(null);

  const index = target
    ? rows.findIndex((row) => row.kind === 'message' && row.message?.id === target)
    : -1;
  useLayoutEffect(() => {
    if (index < 0 || scrolledTo.current === target) return;
    scrolledTo.current = target;
    virtualizer.scrollToIndex(index, { align: 'center' });
  }, [index, target, virtualizer]);
  // The row is in the DOM once the scroll has brought it near.
  const rendered = virtualizer.range?.startIndex;
  useEffect(() => {
    if (!target || focused.current === target) return;
    const row = scroller.current?.querySelector<HTMLElement>('[data-jump-target]');
    if (!row) return;
    focused.current = target;
    row.focus({ preventScroll: true });
  }, [target, rendered, scroller]);

  const to = async (messageId: string) => {
    setProblem(null);
    scrolledTo.current = null;
    focused.current = null;
    setTarget(messageId);
    if (history.messages.some((m) => m.id === messageId)) return;
    setBusy(true);
    try {
      await history.jumpTo(messageId);
    } catch (error) {
      setProblem(
        apiErrorCode(error) === 'NOT_FOUND'
          ? 'That message is not available.'
          : 'Could not load that message.',
      );
    } finally {
      setBusy(false);
    }
  };

  return { target, busy, problem, to: (messageId: string) => void to(messageId) };
}
