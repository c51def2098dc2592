import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from './chromium.js';
import { messageList } from './message-list.js';
import { PASSWORD } from './people.js';
import { startStack, webDir, type Stack } from './stack.js';

// A conversation with 10,000 messages, on its own API: the history is written into a fresh data
// directory before that API starts (sending them one by one would take minutes).
const COUNT = 10_000;
const OWNER = 'long_ann';
const PEER = 'long_ben';
/** Rows in the DOM at any time: what is in view plus overscan, never the whole history. */
const MAX_ROWS = 100;

let dataDir: string;
let stack: Stack;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'parley-e2e-long-'));
  await promisify(execFile)(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/test/seed-long-chat.ts',
      dataDir,
      String(COUNT),
      OWNER,
      PEER,
      PASSWORD,
    ],
    { cwd: join(webDir, '../api') },
  );
  stack = await startStack(dataDir);
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const startsWith = (n: number) => new RegExp(`^Message ${n} of ${COUNT}\\.`);
const message = (n: number) =>
  messageList(page)
    .getByRole('listitem')
    .filter({ hasText: startsWith(n) });

interface ScrollRun {
  reached: boolean;
  maxRows: number;
  /** Time between animation frames while scrolling, ms. */
  frames: number[];
  longTasks: number[];
  ms: number;
}

/**
 * Scrolls the list by `step` pixels every animation frame until a row starts with message `n`,
 * counting the rows in the DOM and timing the frames (and long tasks) as it goes.
 */
function scrollUntil(step: number, n: number, timeoutMs: number): Promise<ScrollRun> {
  return messageList(page).evaluate(
    async (list, { step, pattern, timeoutMs }) => {
      const until = new RegExp(pattern);
      const scroller = list.parentElement!;
      const longTasks: number[] = [];
      const observer = new PerformanceObserver((entries) => {
        for (const entry of entries.getEntries()) longTasks.push(entry.duration);
      });
      observer.observe({ type: 'longtask' });
      const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
      const started = await frame();
      const frames: number[] = [];
      let maxRows = 0;
      let last = started;
      let reached = false;
      while (last - started < timeoutMs) {
        scroller.scrollTop += step;
        const now = await frame();
        frames.push(now - last);
        last = now;
        const rows = Array.from(list.querySelectorAll<HTMLElement>(':scope > li'));
        maxRows = Math.max(maxRows, rows.length);
        if (rows.some((row) => until.test(row.innerText))) {
          reached = true;
          break;
        }
      }
      observer.disconnect();
      return { reached, maxRows, frames, longTasks, ms: last - started };
    },
    { step, pattern: startsWith(n).source, timeoutMs },
  );
}

function report(what: string, run: ScrollRun) {
  const sorted = [...run.frames].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  console.log(
    `${what}: ${run.frames.length} frames in ${(run.ms / 1000).toFixed(1)} s; frame time ` +
      `median ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, max ${at(1).toFixed(1)} ms; ` +
      `${run.frames.filter((ms) => ms > 50).length} frames over 50 ms; ${run.longTasks.length} ` +
      `long tasks (${Math.round(run.longTasks.reduce((a, b) => a + b, 0))} ms); ` +
      `at most ${run.maxRows} rows in the DOM`,
  );
}

describe('a conversation with 10,000 messages', () => {
  test('scrolls from the newest to the oldest with a bounded number of rows in the DOM', async () => {
    await page.goto(`${stack.webUrl}/signin`);
    await page.getByLabel('Username', { exact: true }).fill(OWNER);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page
      .getByRole('list', { name: 'Chats', exact: true })
      .getByRole('link', { name: new RegExp(PEER) })
      .click();
    await message(COUNT).waitFor();

    // About a screen a frame: a fast fling all the way up, older pages loading as it goes.
    const up = await scrollUntil(-900, 1, 8 * 60_000);
    report(`Scrolling up through ${COUNT} messages`, up);
    expect(up.reached).toBe(true);
    expect(up.maxRows).toBeLessThan(MAX_ROWS);
    // The oldest are at the top, in order, under the day they were sent.
    await messageList(page).evaluate((list) => list.parentElement!.scrollTo({ top: 0 }));
    await message(1).waitFor();
    const top = await messageList(page).getByRole('listitem').allInnerTexts();
    expect(top[0]).toMatch(startsWith(1));
    expect(top[1]).toMatch(startsWith(2));
    await messageList(page).getByRole('separator').first().waitFor();
  }, 600_000);

  test('a reply to the oldest message jumps back to it; newer pages load below it', async () => {
    const actions = message(1).getByRole('group', { name: 'Message actions' });
    await actions.getByRole('button', { name: 'Reply', exact: true }).click();
    await page.getByLabel('Message', { exact: true }).fill('Back to where it started');
    await page.getByLabel('Message', { exact: true }).press('Enter');
    // Sending from far up the history goes back to the latest messages.
    const reply = messageList(page)
      .getByRole('listitem')
      .filter({ hasText: 'Back to where it started' });
    await reply.getByRole('img', { name: /^(Sent|Delivered|Read)$/ }).waitFor();
    await message(COUNT).waitFor();

    // Its quote: the original is not among the pages loaded now ("Not loaded").
    await reply.getByRole('blockquote').getByRole('button').click();
    // The quoted message, 10,000 back, is loaded around, scrolled into view and focused.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ''))
      .toMatch(startsWith(1));
    expect(await message(1).isVisible()).toBe(true);
    expect(await messageList(page).getByRole('listitem').count()).toBeLessThan(MAX_ROWS);

    // Scrolling down from there loads the newer pages under it.
    const down = await scrollUntil(900, 300, 2 * 60_000);
    report('Scrolling down after the jump', down);
    expect(down.reached).toBe(true);
    expect(down.maxRows).toBeLessThan(MAX_ROWS);

    // And one button goes back to the latest.
    await page.getByRole('button', { name: 'Latest messages', exact: true }).click();
    await reply.waitFor();
  }, 300_000);
});
