import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchChromium } from './chromium.js';
import { messageList } from './message-list.js';
import { openPages, register, startDirectChat } from './people.js';

const webUrl = inject('webUrl');

let browser: Browser;
let ann: Page;
let ben: Page;
const problems: string[] = [];

/**
 * In Ben's pages: every Notification constructed is recorded (title and options), and the test can
 * tell the page its tab is hidden (`document.visibilityState`, with the `visibilitychange` event), as
 * when another tab or window is in front.
 */
function recordNotifications() {
  const seen: { title: string; body: string | null; tag: string | null }[] = [];
  const Real = window.Notification;
  class Recorded extends Real {
    constructor(title: string, options?: NotificationOptions) {
      seen.push({ title, body: options?.body ?? null, tag: options?.tag ?? null });
      super(title, options);
    }
  }
  Object.assign(window, { Notification: Recorded, seenNotifications: seen, tabHidden: false });
  Object.defineProperty(document, 'visibilityState', {
    get: () => ((window as unknown as { tabHidden: boolean }).tabHidden ? 'hidden' : 'visible'),
  });
}

const setHidden = (page: Page, hidden: boolean) =>
  page.evaluate((value) => {
    Object.assign(window, { tabHidden: value });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
const notifications = (page: Page) =>
  page.evaluate(
    () => (window as unknown as { seenNotifications: { title: string }[] }).seenNotifications,
  );

beforeAll(async () => {
  browser = await launchChromium();
  [ann, ben] = (await openPages(browser, 2, problems)) as [Page, Page];
  await ben.context().grantPermissions(['notifications'], { origin: webUrl });
  await ben.context().addInitScript(recordNotifications);
});

afterAll(async () => {
  await browser?.close();
});

const field = (page: Page) => page.getByLabel('Message', { exact: true });
const chats = (page: Page) => page.getByRole('list', { name: 'Chats', exact: true });

describe('notifications and mentions', () => {
  test('a message to a hidden tab shows a notification naming the sender, not the text', async () => {
    await Promise.all([
      register(ann, webUrl, 'ann_notify', 'Ann'),
      register(ben, webUrl, 'ben_notify', 'Ben'),
    ]);
    await startDirectChat(ann, 'ben_notify', 'Ben');
    await field(ann).fill('First, while you look');
    await field(ann).press('Enter');
    await chats(ben).getByRole('link', { name: /^Ann/ }).waitFor();
    // Seen in a visible tab: no notification.
    expect(await notifications(ben)).toEqual([]);

    await setHidden(ben, true);
    await field(ann).fill('Secret plans for Friday');
    await field(ann).press('Enter');
    await expect.poll(() => notifications(ben)).toHaveLength(1);
    const [shown] = await notifications(ben);
    expect(shown).toMatchObject({ title: 'New message from Ann' });
    // The text stays in Parley: the system keeps notifications where Parley cannot erase them.
    expect(JSON.stringify(shown)).not.toContain('Secret');
    await setHidden(ben, false);
  });

  test('@ in a group offers the members; a mention is highlighted, notifies and marks the chat', async () => {
    await ann.getByRole('button', { name: 'New group', exact: true }).click();
    const dialog = ann.getByRole('dialog', { name: 'New group' });
    await dialog.getByLabel('Group name').fill('Friday plans');
    await dialog.getByLabel('Search people').fill('ben_notify');
    await dialog.getByRole('button', { name: /@ben_notify/ }).click();
    await dialog.getByRole('list', { name: 'Members to add' }).getByText('Ben').waitFor();
    await ann.getByRole('button', { name: 'Create group', exact: true }).click();
    await ann.getByRole('heading', { level: 1, name: 'Friday plans', exact: true }).waitFor();
    await chats(ben)
      .getByRole('link', { name: /Friday plans/ })
      .waitFor();

    // Typing @ offers the other members; Escape closes the list and leaves the text.
    const picker = ann.getByRole('listbox', { name: 'Mention someone' });
    await field(ann).pressSequentially('Bring snacks @');
    await picker.getByRole('option', { name: /Ben/ }).waitFor();
    expect(await field(ann).getAttribute('aria-activedescendant')).toBe(
      await picker.getByRole('option').first().getAttribute('id'),
    );
    await field(ann).press('Escape');
    await picker.waitFor({ state: 'detached' });
    expect(await field(ann).inputValue()).toBe('Bring snacks @');

    // Typing on filters; Enter picks the active member instead of sending.
    await field(ann).pressSequentially('b');
    await expect
      .poll(() => picker.getByRole('option').allInnerTexts())
      .toEqual([expect.stringMatching(/\bBen\s+@ben_notify$/)]);
    await setHidden(ben, true);
    await field(ann).press('Enter');
    expect(await field(ann).inputValue()).toBe('Bring snacks @Ben ');
    await field(ann).pressSequentially('please');
    await field(ann).press('Enter');

    const sent = messageList(ann).getByRole('listitem').filter({ hasText: 'Bring snacks' });
    await expect.poll(() => sent.locator('strong').allInnerTexts()).toEqual(['@Ben']);

    // Ben, elsewhere, is told he was mentioned, and the chat list marks the chat until he reads it.
    await expect
      .poll(async () => (await notifications(ben)).map((n) => n.title))
      .toContain('You were mentioned in Friday plans');
    await setHidden(ben, false);
    const groupChat = chats(ben).getByRole('link', { name: /Friday plans/ });
    await groupChat.getByLabel('Mentions you').waitFor();
    await groupChat.click();
    const received = messageList(ben).getByRole('listitem').filter({ hasText: 'Bring snacks' });
    // Shown as text: a highlighted name, never markup from the sender.
    await expect.poll(() => received.locator('strong').allInnerTexts()).toEqual(['@Ben']);
    await groupChat.getByLabel('Mentions you').waitFor({ state: 'detached' });
  });

  test('Tab picks too, and text typed without picking mentions nobody', async () => {
    await field(ann).pressSequentially('@B');
    await field(ann).press('Tab');
    await field(ann).pressSequentially('and @Nobody here');
    await field(ann).press('Enter');
    const sent = messageList(ann).getByRole('listitem').filter({ hasText: '@Nobody here' });
    await expect.poll(() => sent.locator('strong').allInnerTexts()).toEqual(['@Ben']);
  });

  test('nothing on either page misbehaved', () => {
    expect(problems).toEqual([]);
  });
});
