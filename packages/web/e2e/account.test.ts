import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchChromium } from './chromium.js';

const webUrl = inject('webUrl');
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const photo = fixture('photo.jpg');
/** HTML bytes under a .png name. */
const fakeImage = fixture('html-named.png');

const PASSWORD = 'correct horse battery staple';
const DISPLAY_NAME = 'Alice <script>alert(1)</script>';
const STATUS = '<img src=x onerror=alert(1)> on a boat';

let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Problems the page reports: alert() calls (an XSS would fire one), CSP refusals, crashes. */
const problems: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  page = await context.newPage();
  watch(page);
});

afterAll(async () => {
  await browser?.close();
});

function watch(target: Page) {
  target.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  target.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  target.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
      problems.push(`CSP: ${message.text()}`);
    }
  });
}

const heading = (target: Page, name: string) =>
  target.getByRole('heading', { level: 1, name, exact: true });
const field = (target: Page, name: string) => target.getByLabel(name, { exact: true });
const button = (target: Page, name: string) => target.getByRole('button', { name, exact: true });
const navLink = (target: Page, name: string) =>
  target.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });

async function signIn(target: Page, username: string) {
  await heading(target, 'Sign in').waitFor();
  await field(target, 'Username').fill(username);
  await field(target, 'Password').fill(PASSWORD);
  await button(target, 'Sign in').click();
  await heading(target, 'Chats').waitFor();
}

/**
 * Screenshots for a person to review the design. Phone width: what the screen shows at the top
 * and scrolled to the end (a full-page capture would draw the sticky bottom bar mid-page).
 */
async function screenshot(name: string, width: number, colorScheme: 'light' | 'dark') {
  const phone = width < 500;
  await page.setViewportSize({ width, height: phone ? 780 : 860 });
  await page.emulateMedia({ colorScheme });
  const path = (suffix: string) => join(inject('screenshotDir'), `${name}${suffix}.png`);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path(''), fullPage: !phone, animations: 'disabled' });
  if (phone) {
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.screenshot({ path: path('-end'), animations: 'disabled' });
    await page.evaluate(() => window.scrollTo(0, 0));
  }
}

describe('a person on Parley', () => {
  test('creates an account, signs out and signs in again', async () => {
    await page.goto(webUrl);
    await heading(page, 'Sign in').waitFor();
    await page.getByRole('link', { name: 'Create an account' }).click();

    await heading(page, 'Create account').waitFor();
    await field(page, 'Username').fill('alice_e2e');
    await field(page, 'Display name').fill('Alice');
    await field(page, 'Password').fill(PASSWORD);
    await button(page, 'Create account').click();
    await heading(page, 'Chats').waitFor();

    await button(page, 'Sign out').click();
    await heading(page, 'Sign in').waitFor();
    // Signed out for real: the refresh cookie is gone, so a reload does not sign back in.
    await page.reload();
    await heading(page, 'Sign in').waitFor();

    // Keyboard only: type, Tab to the next field, Enter submits.
    await field(page, 'Username').focus();
    await page.keyboard.type('alice_e2e');
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await heading(page, 'Chats').waitFor();
  });

  test('sets username, display name, status and a cropped picture', async () => {
    await navLink(page, 'Profile').click();
    await heading(page, 'Profile').waitFor();
    await expect.poll(() => field(page, 'Username').inputValue()).toBe('alice_e2e');

    await field(page, 'Username').fill('alice.e2e');
    await field(page, 'Display name').fill(DISPLAY_NAME);
    await field(page, 'Status').fill(STATUS);

    const choosePicture = async (file: string) => {
      const chooser = page.waitForEvent('filechooser');
      await button(page, 'Choose picture').click();
      await (await chooser).setFiles(file);
    };
    await choosePicture(fakeImage);
    await page.getByRole('alert').filter({ hasText: 'could not be opened as a picture' }).waitFor();
    await choosePicture(photo);

    // Crop: zoom in and move the picture with the keyboard, then drag it with the mouse.
    const cropArea = page.getByRole('group', { name: 'Crop area' });
    await cropArea.focus();
    for (let i = 0; i < 5; i += 1) await page.keyboard.press('+');
    await page.keyboard.press('Shift+ArrowLeft');
    await expect.poll(async () => Number(await field(page, 'Zoom').inputValue())).toBeCloseTo(1.5);
    const box = await cropArea.boundingBox();
    if (!box) throw new Error('The crop area is not visible');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 30, box.y + box.height / 2 + 20, { steps: 5 });
    await page.mouse.up();
    await screenshot('profile-crop-desktop-light', 1280, 'light');
    await screenshot('profile-crop-360-dark', 360, 'dark');
    await page.setViewportSize({ width: 1280, height: 860 });

    await button(page, 'Save').click();
    await page.getByRole('status').filter({ hasText: 'Profile saved.' }).waitFor();
    await expectPictureShown();
  });

  test('sees the saved profile after a reload, names shown as text', async () => {
    await page.reload();
    await heading(page, 'Profile').waitFor();
    await expectSavedProfile();
    await page.getByRole('link', { name: `Your profile: ${DISPLAY_NAME}` }).waitFor();
  });

  test('sees the sessions, this device marked, and revokes another', async () => {
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    watch(otherPage);
    await otherPage.goto(webUrl);
    await signIn(otherPage, 'alice.e2e');

    await navLink(page, 'Settings').click();
    await heading(page, 'Settings').waitFor();
    const sessions = page.getByRole('list', { name: 'Active sessions' }).getByRole('listitem');
    await expect.poll(() => sessions.count()).toBe(2);
    const thisDevice = sessions.filter({ hasText: 'This device' });
    expect(await thisDevice.count()).toBe(1);
    expect(await thisDevice.getAttribute('aria-current')).toBe('true');

    await sessions.filter({ hasNotText: 'This device' }).getByRole('button').click();
    await expect.poll(() => sessions.count()).toBe(1);
    expect(await sessions.first().textContent()).toContain('This device');

    // The revoked browser is signed out at its next step.
    await otherPage.reload();
    await heading(otherPage, 'Sign in').waitFor();
    await other.close();
  });

  test('two tabs reloading at once both stay signed in (one refresh at a time)', async () => {
    // Refresh tokens rotate and a reused one revokes the session: the tabs must take turns.
    const second = await context.newPage();
    watch(second);
    await second.goto(`${webUrl}/settings`);
    await heading(second, 'Settings').waitFor();
    for (let round = 0; round < 3; round += 1) {
      await Promise.all([page.reload(), second.reload()]);
      await Promise.all([
        heading(page, 'Settings').waitFor(),
        heading(second, 'Settings').waitFor(),
      ]);
    }
    await second.close();
    await page.reload();
    await heading(page, 'Settings').waitFor();
  });

  test('stays signed in with its data across an API restart', async () => {
    const restart = await fetch(inject('restartApiUrl'), { method: 'POST' });
    expect(restart.status).toBe(204);

    await page.reload();
    await heading(page, 'Settings').waitFor();
    await navLink(page, 'Profile').click();
    await heading(page, 'Profile').waitFor();
    await expectSavedProfile();

    await screenshot('profile-desktop-light', 1280, 'light');
    await screenshot('profile-desktop-dark', 1280, 'dark');
    await screenshot('profile-360-light', 360, 'light');
    await screenshot('profile-360-dark', 360, 'dark');
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.emulateMedia({ colorScheme: null });
  });

  test('signs out', async () => {
    await button(page, 'Sign out').click();
    await heading(page, 'Sign in').waitFor();
    await page.reload();
    await heading(page, 'Sign in').waitFor();
  });

  // Last: the per-address limit it trips would also hold back the sign-ins above.
  test('is told when to try again after too many failed sign-ins', async () => {
    const alert = page.getByRole('alert');
    let message = '';
    for (let attempt = 0; attempt < 30 && !message.startsWith('Too many'); attempt += 1) {
      await field(page, 'Username').fill('nobody_here');
      await field(page, 'Password').fill(`wrong password ${attempt}`);
      await button(page, 'Sign in').click();
      await page.locator('button[aria-busy="true"]').waitFor({ state: 'detached' });
      message = (await alert.textContent()) ?? '';
      expect(message).toMatch(/^(Invalid username or password|Too many attempts)/);
    }
    expect(message).toMatch(/^Too many attempts\. Try again in \d+ (second|minute|hour)s?\.$/);
    expect(problems).toEqual([]);
  });
});

async function expectSavedProfile() {
  await expect.poll(() => field(page, 'Username').inputValue()).toBe('alice.e2e');
  expect(await field(page, 'Display name').inputValue()).toBe(DISPLAY_NAME);
  expect(await field(page, 'Status').inputValue()).toBe(STATUS);
  await expectPictureShown();
}

/** The saved picture is the API's 512 px square, loaded from /media. */
async function expectPictureShown() {
  const picture = page.getByRole('img', { name: 'Your display picture' });
  await picture.waitFor();
  expect(await picture.getAttribute('src')).toMatch(/^\/media\/.+/);
  await expect
    .poll(() => picture.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth))
    .toBe(512);
}
