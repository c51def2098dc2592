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

/**
 * Waits until the list has been scrolled to its end and stayed there for three frames in a row:
 * where a chat opens, once it has settled.
 */
export async function settledAtEnd(page: Page): Promise<void> {
  await messageList(page).evaluate(async (list) => {
    const scroller = list.parentElement!;
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    const atEnd = () => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 2;
    for (let still = 0; still < 3; still = atEnd() ? still + 1 : 0) await frame();
  });
}

/**
 * Holds back the requests for older pages of messages until `release()`, so that a test can have
 * one load while the view is where the test wants it.
 */
export async function holdOlderPages(page: Page) {
  let release = () => {};
  let asked = 0;
  const released = new Promise<void>((resolve) => (release = resolve));
  const older = (url: URL) =>
    url.pathname.includes('messages.list') && !!url.searchParams.get('input')?.includes('"before"');
  await page.route(older, (route) => {
    asked++;
    return released.then(() => route.continue());
  });
  return {
    release,
    /** How many older pages were asked for so far. */
    asked: () => asked,
    stop: () => {
      release();
      return page.unroute(older);
    },
  };
}

/**
 * Scrolls the list to its top, where the first message must be the one containing `top`, calls
 * `load` (which lets an older page in) and waits until a row containing `loaded` is in the DOM and
 * the rows have stopped moving (in the same place three frames in a row). Returns how far the first
 * message has moved in the view, in pixels (Infinity if it left the DOM).
 */
export async function topMessageShift(
  page: Page,
  { top, loaded, load }: { top: string; loaded: string; load: () => void },
): Promise<number> {
  const start = await messageList(page).evaluate(async (list, top) => {
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    list.parentElement!.scrollTop = 0;
    while (!list.querySelector(':scope > li[data-index="0"]')) await frame();
    const first = list.querySelector<HTMLElement>(':scope > li:not([role=separator])')!;
    if (!first.innerText.includes(top)) throw new Error(`${first.innerText} is first, not ${top}`);
    return first.getBoundingClientRect().top - list.parentElement!.getBoundingClientRect().top;
  }, top);
  load();
  return messageList(page).evaluate(
    async (list, { top, loaded, start }) => {
      const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
      const rows = () => Array.from(list.querySelectorAll<HTMLElement>(':scope > li'));
      // In the view: what is above it (the header) may change height meanwhile.
      const inView = (row: HTMLElement) =>
        row.getBoundingClientRect().top - list.parentElement!.getBoundingClientRect().top;
      const shift = () => {
        const row = rows().find((candidate) => candidate.innerText.includes(top));
        return row ? Math.abs(inView(row) - start) : Number.POSITIVE_INFINITY;
      };
      let last = shift();
      let same = 0;
      for (let frames = 0; same < 3; frames += 1) {
        if (frames === 1000) throw new Error(`${loaded} did not come in, or the rows kept moving`);
        await frame();
        const now = shift();
        const isLoaded = rows().some((row) => row.innerText.includes(loaded));
        same = isLoaded && now === last ? same + 1 : 0;
        last = now;
      }
      return last;
    },
    { top, loaded, start },
  );
}
