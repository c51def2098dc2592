import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchChromium } from './chromium.js';
import { allMessageTexts, holdOlderPages, settledAtEnd, topMessageShift } from './message-list.js';
import { openPages, register, startDirectChat } from './people.js';

const webUrl = inject('webUrl');
/** Markup and a link in a message: the markup must show as text, the link as a safe link. */
const FIRST = 'Hi Ben <img src=x onerror=alert(1)> see https://example.com/docs.';
const REPLY = 'Hello Ann!\nTwo lines.';

let browser: Browser;
let ann: Page;
let ben: Page;
/** Problems the pages report: alert() calls (an XSS would fire one), crashes. */
const problems: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  [ann, ben] = (await openPages(browser, 2, problems)) as [Page, Page];
});

afterAll(async () => {
  await browser?.close();
});

const shot = (name: string) => join(inject('screenshotDir'), `${name}.png`);
const field = (page: Page, name: string) => page.getByLabel(name, { exact: true });
const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });
const chats = (page: Page) => page.getByRole('list', { name: 'Chats', exact: true });
const messages = (page: Page) => page.getByRole('list', { name: 'Messages', exact: true });
const message = (page: Page, text: string) =>
  messages(page).getByRole('listitem').filter({ hasText: text });

describe('two people chatting', () => {
  test('open a chat and exchange messages live both ways', async () => {
    await Promise.all([
      register(ann, webUrl, 'ann_chat', 'Ann'),
      register(ben, webUrl, 'ben_chat', 'Ben'),
    ]);

    await startDirectChat(ann, 'ben_chat', 'Ben');
    expect(ann.url()).toMatch(/\/chats\/[\w-]+$/);
    // Keyboard and screen-reader users land on the conversation they opened.
    await expect.poll(() => ann.evaluate(() => document.activeElement?.textContent)).toBe('Ben');

    // Sends go over the live WebSocket, not as HTTP requests.
    const httpSends: string[] = [];
    ann.on('request', (request) => {
      if (new URL(request.url()).pathname.includes('messages.send')) httpSends.push(request.url());
    });
    await field(ann, 'Message').fill(FIRST);
    await button(ann, 'Send').click();
    await message(ann, FIRST).waitFor();
    expect(await field(ann, 'Message').inputValue()).toBe('');
    // Sent, or already delivered: Ben's app acknowledges it as soon as it arrives.
    await message(ann, FIRST)
      .getByRole('img', { name: /^(Sent|Delivered)$/ })
      .waitFor();
    expect(httpSends).toEqual([]);

    // Ben never reloads: the chat and the message arrive over the live subscription.
    const chatWithAnn = chats(ben).getByRole('link', { name: /Ann/ });
    await chatWithAnn.waitFor();
    await chatWithAnn.getByLabel('1 unread').waitFor();
    await chatWithAnn.click();
    await message(ben, FIRST).waitFor();
    // Ann has the app open: Ben's header says so in words, under her name, and so does the list.
    const annHeading = ben.getByRole('heading', { level: 1, name: 'Ann', exact: true });
    await ben
      .locator('header')
      .filter({ has: annHeading })
      .getByText('online', { exact: true })
      .waitFor();
    await chats(ben)
      .getByRole('link', { name: /^Ann\W+online\b/ })
      .waitFor();
    // Opening the chat marks it read.
    await chatWithAnn.getByLabel('1 unread').waitFor({ state: 'detached' });
    // …and Ann sees that, live: her message is ticked as read.
    await message(ann, FIRST).getByRole('img', { name: 'Read' }).waitFor();

    // The markup stayed text and the URL became a link that opens apart from Parley.
    await expect.poll(() => message(ben, FIRST).locator('img').count()).toBe(0);
    const link = message(ben, FIRST).getByRole('link', { name: 'https://example.com/docs' });
    expect(await link.getAttribute('href')).toBe('https://example.com/docs');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await link.getAttribute('target')).toBe('_blank');

    // Enter sends, Shift+Enter makes a new line.
    await field(ben, 'Message').click();
    await ben.keyboard.type('Hello Ann!');
    await ben.keyboard.press('Shift+Enter');
    await ben.keyboard.type('Two lines.');
    await ben.keyboard.press('Enter');
    await message(ben, 'Two lines.').waitFor();
    await expect.poll(() => message(ann, 'Two lines.').innerText()).toContain(REPLY);

    // Own messages sit on the right, the other person's on the left.
    const [mine, theirs] = await Promise.all([
      message(ann, FIRST).boundingBox(),
      message(ann, 'Two lines.').boundingBox(),
    ]);
    expect(mine!.x + mine!.width).toBeGreaterThan(theirs!.x + theirs!.width);
    expect(mine!.x).toBeGreaterThan(theirs!.x);
  });

  test('a reload shows the history in order', async () => {
    await ann.reload();
    await message(ann, 'Two lines.').waitFor();
    const texts = await messages(ann).getByRole('listitem').allInnerTexts();
    expect(texts).toHaveLength(2);
    expect(texts[0]).toContain(FIRST);
    expect(texts[1]).toContain(REPLY);
    await messages(ann).getByRole('separator', { name: 'Today' }).waitFor();
  });

  test('a group: created with a member, who sees it live with sender names', async () => {
    await button(ann, 'New group').click();
    const dialog = ann.getByRole('dialog', { name: 'New group' });
    await dialog.getByLabel('Group name').fill('Weekend plans');
    await dialog.getByLabel('Search people').fill('ben_chat');
    await dialog.getByRole('button', { name: /@ben_chat/ }).click();
    await dialog.getByRole('list', { name: 'Members to add' }).getByText('Ben').waitFor();
    await button(ann, 'Create group').click();
    await ann.getByRole('heading', { level: 1, name: 'Weekend plans', exact: true }).waitFor();

    await field(ann, 'Message').fill('Hike on Saturday?');
    await field(ann, 'Message').press('Enter');
    await message(ann, 'Hike on Saturday?').waitFor();

    const groupChat = chats(ben).getByRole('link', { name: /Weekend plans/ });
    await groupChat.click();
    // In a group, someone else's message carries their name.
    await expect.poll(() => message(ben, 'Hike on Saturday?').innerText()).toMatch(/^Ann\s/);
    // The chat list puts the latest activity first.
    await expect
      .poll(() => chats(ben).getByRole('link').first().innerText())
      .toContain('Weekend plans');
  });

  test('while the API is down: an offline banner, then a queued message goes out', async () => {
    const offline = ann.getByRole('status').filter({ hasText: 'Offline — reconnecting…' });
    expect((await fetch(inject('stopApiUrl'), { method: 'POST' })).status).toBe(204);
    await offline.waitFor();
    await field(ann, 'Message').fill('Sent while offline');
    await button(ann, 'Send').click();
    expect((await fetch(inject('startApiUrl'), { method: 'POST' })).status).toBe(204);
    await offline.waitFor({ state: 'hidden' });
    // Ben's connection came back too, and the message reached him exactly once.
    await message(ben, 'Sent while offline').waitFor();
    await expect.poll(() => message(ann, 'Sent while offline').count()).toBe(1);
    await expect.poll(() => message(ben, 'Sent while offline').count()).toBe(1);
  });

  test('many messages keep their order; older ones load on scrolling up, in place', async () => {
    await chats(ann).getByRole('link', { name: /^Ben/ }).click();
    await message(ann, 'Two lines.').waitFor();
    const counts = Array.from({ length: 53 }, (_, i) => `Count ${String(i + 1).padStart(2, '0')}.`);
    for (const text of counts) {
      await field(ann, 'Message').fill(text);
      await field(ann, 'Message').press('Enter');
    }
    await chats(ben).getByRole('link', { name: /^Ann/ }).click();
    // Sent one after another, each after the one before: give them time to go out.
    await message(ben, 'Count 53.').waitFor({ timeout: 90_000 });
    const all = [FIRST, REPLY, ...counts];
    const inOrder = async (page: Page) =>
      (await allMessageTexts(page)).map((text) =>
        all.find((candidate) => text.includes(candidate)),
      );
    await expect.poll(() => inOrder(ben)).toEqual(all);
    // The list is virtualised: only the rows near view are in the DOM.
    expect(await messages(ben).getByRole('listitem').count()).toBeLessThan(all.length);

    // A fresh load shows the newest 50, and asks for nothing older while the view is at the end
    // (here farther than the prefetch margin from the top); scrolling to the top loads the rest
    // above, keeping in view what was there. All are from today: the view must stay with the
    // message at its top, not with the day separator that ends up above the older page.
    const olderPages = await holdOlderPages(ann);
    await ann.reload();
    await message(ann, 'Count 53.').waitFor();
    await settledAtEnd(ann);
    expect(olderPages.asked()).toBe(0);
    const shift = await topMessageShift(ann, {
      top: 'Count 04.',
      loaded: 'Count 03.',
      load: olderPages.release,
    });
    await olderPages.stop();
    expect(shift).toBeLessThanOrEqual(3);
    await expect.poll(() => inOrder(ann)).toEqual(all);
  }, 180_000);

  test('keeps the draft per chat and lays out at phone width', async () => {
    await field(ann, 'Message').fill('unsent thought');
    await ann
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Profile' })
      .click();
    await ann.getByRole('heading', { level: 1, name: 'Profile', exact: true }).waitFor();
    await ann.goBack();
    await expect.poll(() => field(ann, 'Message').inputValue()).toBe('unsent thought');
    await field(ann, 'Message').fill('');

    await ann.screenshot({ path: shot('conversation-desktop'), animations: 'disabled' });
    await ann.setViewportSize({ width: 360, height: 780 });
    // Phone: the conversation is its own screen; the list is one step back.
    await expect.poll(() => chats(ann).isVisible()).toBe(false);
    // Still following the conversation: its last message is in view.
    const gapAboveComposer = async () => {
      const last = await message(ann, 'Count 53.').boundingBox();
      const composer = await field(ann, 'Message').boundingBox();
      return composer!.y - (last!.y + last!.height);
    };
    await expect.poll(gapAboveComposer).toBeGreaterThanOrEqual(0);
    // The open conversation belongs to Chats: the bottom navigation marks it current.
    const chatsNav = ann.getByRole('navigation', { name: 'Main' }).getByRole('link', {
      name: 'Chats',
    });
    await expect.poll(() => chatsNav.getAttribute('aria-current')).toBe('page');
    await ann.screenshot({ path: shot('conversation-360'), animations: 'disabled' });
    await ann.getByRole('link', { name: 'Back to chats' }).click();
    await chats(ann).getByRole('link', { name: /^Ben/ }).waitFor();
    await ann.screenshot({ path: shot('chats-360'), animations: 'disabled' });
    await expect.poll(() => messages(ann).count()).toBe(0);
  });

  test('typing, ticks, replies, reactions, edits and deletions show live', async () => {
    await ann.setViewportSize({ width: 1280, height: 860 });
    await chats(ann).getByRole('link', { name: /^Ben/ }).click();
    await message(ann, 'Count 53.').waitFor();
    const annInBen = chats(ben).getByRole('link', { name: /^Ann/ });
    await expect.poll(() => annInBen.getAttribute('aria-current')).toBe('page');

    // Ben, in the chat, sees Ann typing; it ends when she clears the field and it runs out.
    const typingInChat = ben.getByRole('status').filter({ hasText: 'Ann is typing…' });
    await field(ann, 'Message').pressSequentially('Are you');
    await typingInChat.waitFor();
    await field(ann, 'Message').fill('');
    await typingInChat.waitFor({ state: 'detached' });

    // Ben elsewhere: the chat list says Ann is typing, and her message is delivered, not read.
    await chats(ben)
      .getByRole('link', { name: /Weekend plans/ })
      .click();
    await ben.getByRole('heading', { level: 1, name: 'Weekend plans', exact: true }).waitFor();
    await field(ann, 'Message').pressSequentially('Are you there?');
    await annInBen.getByText('Ann is typing…').waitFor();
    await field(ann, 'Message').press('Enter');
    // Her message ends the typing hint; the preview shows it.
    await annInBen.getByText('Are you there?').waitFor();
    const question = message(ann, 'Are you there?').first();
    await question.getByRole('img', { name: 'Delivered' }).waitFor();
    await annInBen.click();
    await question.getByRole('img', { name: 'Read' }).waitFor();

    // Ben replies to it: the reply quotes the question on both sides.
    const actionOf = (item: Locator, name: string) =>
      item
        .getByRole('group', { name: 'Message actions' })
        .getByRole('button', { name, exact: true });
    await actionOf(message(ben, 'Are you there?'), 'Reply').click();
    await ben.getByRole('blockquote', { name: 'Replying to Ann' }).waitFor();
    await field(ben, 'Message').fill('Yes, here.');
    await field(ben, 'Message').press('Enter');
    const answer = message(ann, 'Yes, here.');
    await expect.poll(() => answer.innerText()).toMatch(/^You\s+Are you there\?\s+Yes, here\./);

    // Ann reacts; Ben sees it live, and pressing it again takes it back.
    await actionOf(answer, 'React').click();
    await answer.getByRole('button', { name: 'React with 👍' }).click();
    await message(ben, 'Yes, here.').getByRole('button', { name: '👍 1', exact: true }).waitFor();
    const ownReaction = answer.getByRole('button', { name: '👍 1', exact: true });
    expect(await ownReaction.getAttribute('aria-pressed')).toBe('true');
    await ownReaction.click();
    await message(ben, 'Yes, here.').getByRole('button', { name: '👍 1' }).waitFor({
      state: 'detached',
    });

    // Ann edits her question; Ben sees the new text, marked edited, in it and in the quote.
    await actionOf(question, 'Edit').click();
    await field(ann, 'Edit message').fill('Are you there, Ben?');
    await field(ann, 'Edit message').press('Enter');
    const edited = message(ben, 'Are you there, Ben?');
    await expect.poll(() => edited.count()).toBe(2);
    await expect.poll(() => edited.first().innerText()).toContain('edited');

    // Ann deletes it for everyone, after confirming; Ben sees a tombstone, and so does the quote.
    await actionOf(message(ann, 'Are you there, Ben?').first(), 'Delete').click();
    const confirm = ann.getByRole('dialog', { name: 'Delete message?' });
    await confirm.getByRole('button', { name: 'Delete for everyone' }).click();
    await confirm.waitFor({ state: 'detached' });
    await expect.poll(() => edited.count()).toBe(0);
    await expect
      .poll(() => messages(ben).getByText('Message deleted', { exact: true }).count())
      .toBe(2);
    await expect
      .poll(() => actionOf(message(ben, 'Message deleted').first(), 'Reply').count())
      .toBe(0);
    // The actions, shown for keyboard focus, with a reaction, a reply and a tombstone in view.
    await actionOf(message(ben, 'Yes, here.'), 'React').click();
    await message(ben, 'Yes, here.').getByRole('button', { name: 'React with ❤️' }).click();
    await message(ben, 'Yes, here.').getByRole('button', { name: '❤️ 1', exact: true }).waitFor();
    await actionOf(message(ben, 'Yes, here.'), 'Reply').focus();
    await ben.screenshot({ path: shot('conversation-actions'), animations: 'disabled' });
  });

  test('nothing on either page misbehaved', () => {
    expect(problems).toEqual([]);
  });
});
