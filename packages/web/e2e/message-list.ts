import type { Page } from 'playwright-core';

/** The list a conversation's messages are in (virtualised: only rows near view are in the DOM). */
export const messageList = (page: Page) =>
  page.getByRole('list', { name: 'Messages', exact: true });

/**
 * Every message's text from the top of what is loaded to the bottom, in order: the list is scrolled
 * down half a screen at a time and each row seen is kept once (the texts must be unique).
 */
export async function allMessageTexts(page: Page): Promise<string[]> {
  return messageList(page).evaluate(async (list) => {
    const scroller = list.parentElement!;
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(null)));
    const seen: string[] = [];
    scroller.scrollTop = 0;
    for (;;) {
      await frame();
      await frame();
      const items = list.querySelectorAll<HTMLElement>(':scope > li:not([role=separator])');
      for (const item of Array.from(items)) {
        if (!seen.includes(item.innerText)) seen.push(item.innerText);
      }
      const end = scroller.scrollHeight - scroller.clientHeight;
      if (scroller.scrollTop >= end - 1) return seen;
      scroller.scrollTop = Math.min(end, scroller.scrollTop + scroller.clientHeight / 2);
    }
  });
}
