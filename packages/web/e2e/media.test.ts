import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchChromium } from './chromium.js';
import { openPages, register, startDirectChat } from './people.js';

const webUrl = inject('webUrl');
const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const CAPTION = 'Photos from the trip <b>and</b> the notes';

let browser: Browser;
let ann: Page;
let ben: Page;
const problems: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  [ann, ben] = (await openPages(browser, 2, problems)) as [Page, Page];
  // Previews (blob:), thumbnails and media must all be allowed by the page's CSP.
  for (const page of [ann, ben]) {
    page.on('console', (entry) => {
      if (/Content Security Policy/i.test(entry.text())) problems.push(`csp: ${entry.text()}`);
    });
  }
});

afterAll(async () => {
  await browser?.close();
});

const shot = (name: string) => join(inject('screenshotDir'), `${name}.png`);
const button = (scope: Page | Locator, name: string) =>
  scope.getByRole('button', { name, exact: true });
const messages = (page: Page) => page.getByRole('list', { name: 'Messages', exact: true });
const message = (page: Page, text: string) =>
  messages(page).getByRole('listitem').filter({ hasText: text });
const tray = (page: Page) => page.getByRole('list', { name: 'Attachments', exact: true });
const trayItem = (page: Page, name: string) =>
  tray(page).getByRole('listitem').filter({ hasText: name });
/** Width of a decoded image (0 until it has loaded and decoded). */
const decodedWidth = (image: Locator) =>
  image.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0));

/** Hands files to the page the way a drop or a paste does, as a DataTransfer of real bytes. */
async function transfer(page: Page, how: 'drop' | 'paste', name: string, type: string) {
  const base64 = (await readFile(fixture(name))).toString('base64');
  await page.evaluate(
    ({ how, name, type, base64 }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], name, { type }));
      if (how === 'paste') {
        const field = document.querySelector('textarea');
        field?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
        return;
      }
      const target = document.querySelector('section[aria-label^="Conversation with"]');
      for (const kind of ['dragenter', 'dragover', 'drop']) {
        const event = new DragEvent(kind, { dataTransfer: data, bubbles: true, cancelable: true });
        target?.dispatchEvent(event);
      }
    },
    { how, name, type, base64 },
  );
}

describe('attachments', () => {
  test('one attaches, previews, removes and re-adds, then sends an album with a file', async () => {
    await Promise.all([
      register(ann, webUrl, 'ann_media', 'Ann'),
      register(ben, webUrl, 'ben_media', 'Ben'),
    ]);
    await startDirectChat(ann, 'ben_media', 'Ben');

    // Attach opens the file picker.
    const chooser = ann.waitForEvent('filechooser');
    await button(ann, 'Attach').click();
    await (await chooser).setFiles([fixture('photo.jpg'), fixture('notes.txt')]);

    // The image is previewed from the local file; the file is a card with name, type and size.
    const preview = tray(ann).locator('img[alt="photo.jpg"]');
    await expect.poll(() => decodedWidth(preview)).toBe(1600);
    expect(await preview.getAttribute('src')).toMatch(/^blob:/);
    await expect
      .poll(() => trayItem(ann, 'notes.txt').innerText())
      .toContain('7.2 KB · text/plain');

    // Removed (its upload cancelled if it was still going)...
    await trayItem(ann, 'notes.txt')
      .getByRole('button', { name: /^(Remove|Cancel upload of) notes\.txt$/ })
      .click();
    await trayItem(ann, 'notes.txt').waitFor({ state: 'detached' });
    expect(await tray(ann).getByRole('listitem').count()).toBe(1);
    // ...and back by dropping it on the conversation, with another image pasted into the field.
    await transfer(ann, 'drop', 'notes.txt', 'text/plain');
    await transfer(ann, 'paste', 'picture.png', 'image/png');
    await expect.poll(() => tray(ann).getByRole('listitem').count()).toBe(3);
    // A file dropped beside the conversation is neither attached nor opened by the browser.
    const openedByBrowser = await ann.evaluate(() => {
      const data = new DataTransfer();
      data.items.add(new File(['x'], 'stray.txt', { type: 'text/plain' }));
      const drop = new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true });
      document.querySelector('nav')?.dispatchEvent(drop);
      return !drop.defaultPrevented;
    });
    expect(openedByBrowser).toBe(false);
    expect(await tray(ann).getByRole('listitem').count()).toBe(3);

    // Send waits for every upload; the text becomes the caption.
    await ann.getByLabel('Message', { exact: true }).fill(CAPTION);
    await expect
      .poll(() => tray(ann).getByRole('progressbar').count(), { timeout: 30_000 })
      .toBe(0);
    expect(await tray(ann).getByRole('alert').count()).toBe(0);
    // Screen readers hear when everything is ready.
    await ann.getByRole('status').getByText('All 3 ready to send', { exact: true }).waitFor();
    await expect.poll(() => button(ann, 'Send').isEnabled()).toBe(true);
    await ann.screenshot({ path: shot('media-tray-desktop'), animations: 'disabled' });
    // On a phone the tray scrolls sideways inside the composer; the page does not.
    await ann.setViewportSize({ width: 360, height: 780 });
    await tray(ann).waitFor();
    expect(await ann.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await ann.screenshot({ path: shot('media-tray-360'), animations: 'disabled' });
    await ann.setViewportSize({ width: 1280, height: 860 });
    // Leaving the chat keeps its tray, as it keeps the text draft.
    const nav = ann.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Profile', exact: true }).click();
    await tray(ann).waitFor({ state: 'detached' });
    await nav.getByRole('link', { name: 'Chats', exact: true }).click();
    await ann
      .getByRole('list', { name: 'Chats', exact: true })
      .getByRole('link', { name: /Ben/ })
      .click();
    await expect.poll(() => tray(ann).getByRole('listitem').count()).toBe(3);
    expect(await ann.getByLabel('Message', { exact: true }).inputValue()).toBe(CAPTION);
    await button(ann, 'Send').click();
    await tray(ann).waitFor({ state: 'detached' });
    const sent = message(ann, CAPTION);
    await sent.getByRole('group', { name: '2 images', exact: true }).waitFor();
    await sent.getByRole('link', { name: 'Download', exact: true }).waitFor();

    // The other person: the images decoded in a grid, the caption below them as text.
    await ben
      .getByRole('list', { name: 'Chats', exact: true })
      .getByRole('link', { name: /Ann/ })
      .click();
    const received = message(ben, CAPTION);
    const album = received.getByRole('group', { name: '2 images', exact: true });
    const photo = album.locator('img[alt="photo.jpg"]');
    const picture = album.locator('img[alt="picture.png"]');
    await expect.poll(() => decodedWidth(photo), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(() => decodedWidth(picture), { timeout: 20_000 }).toBeGreaterThan(0);
    // A thumbnail, not the 1600 px original.
    expect(await decodedWidth(photo)).toBeLessThanOrEqual(480);
    expect(await received.locator('b').count()).toBe(0);
    const caption = received.getByText(CAPTION, { exact: true });
    const [albumBox, captionBox] = await Promise.all([album.boundingBox(), caption.boundingBox()]);
    expect(captionBox!.y).toBeGreaterThan(albumBox!.y + albumBox!.height - 1);
    // The type is what the API found in the bytes (plain text has no signature).
    await expect
      .poll(() => received.innerText())
      .toMatch(/notes\.txt\s+7\.2 KB · application\/octet-stream/);
  });

  test('the lightbox goes through the album by keyboard and gives focus back', async () => {
    const received = message(ben, CAPTION);
    const open = received.getByRole('button', { name: 'Open image photo.jpg', exact: true });
    await open.click();
    const first = ben.getByRole('dialog', { name: 'photo.jpg, image 1 of 2', exact: true });
    await first.waitFor();
    // The full-size original, decoded.
    await expect.poll(() => decodedWidth(first.locator('img[alt="photo.jpg"]'))).toBe(1600);
    await ben.screenshot({ path: shot('media-lightbox'), animations: 'disabled' });
    await ben.keyboard.press('ArrowRight');
    const second = ben.getByRole('dialog', { name: 'picture.png, image 2 of 2', exact: true });
    await second.waitFor();
    await expect.poll(() => decodedWidth(second.locator('img[alt="picture.png"]'))).toBe(800);
    // Focus stays inside while it is open.
    for (let i = 0; i < 6; i += 1) {
      await ben.keyboard.press('Tab');
      expect(await ben.evaluate(() => !!document.activeElement?.closest('dialog'))).toBe(true);
    }
    await ben.keyboard.press('ArrowRight');
    await first.waitFor();
    await ben.keyboard.press('Escape');
    await first.waitFor({ state: 'detached' });
    await expect
      .poll(() => ben.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('Open image photo.jpg');
  });

  test('the file downloads with the very bytes that were sent', async () => {
    const received = message(ben, CAPTION);
    const link = received.getByRole('link', { name: 'Download', exact: true });
    const [download] = await Promise.all([ben.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('notes.txt');
    const downloaded = await readFile(await download.path());
    expect(sha256(downloaded)).toBe(sha256(await readFile(fixture('notes.txt'))));
  });

  test('a file the API refuses says why; Retry sends it again, Remove drops it', async () => {
    const uploads: string[] = [];
    const countUpload = (request: { method(): string; url(): string }) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/media') {
        uploads.push(request.url());
      }
    };
    ann.on('request', countUpload);
    // HTML bytes under a .png name: sent as an image, refused by the API.
    await ann.locator('input[type="file"]').setInputFiles(fixture('html-named.png'));
    const item = trayItem(ann, '');
    const problem = item.getByRole('alert');
    await expect.poll(() => problem.innerText()).toMatch(/not an image/i);
    // The browser cannot show it either, so the preview falls back to a card that names it.
    await item.getByText('html-named.png', { exact: true }).waitFor();
    await expect.poll(() => button(ann, 'Send').isEnabled()).toBe(false);
    await button(item, 'Retry html-named.png').click();
    await expect.poll(() => uploads.length).toBe(2);
    await expect.poll(() => problem.innerText()).toMatch(/not an image/i);
    await button(item, 'Remove html-named.png').click();
    await tray(ann).waitFor({ state: 'detached' });
    ann.off('request', countUpload);
    expect(uploads).toHaveLength(2);
  });

  test('a video: previewed before sending, then streamed with its poster frame and seekable', async () => {
    await ann.locator('input[type="file"]').setInputFiles(fixture('clip.webm'));
    const preview = tray(ann).locator('video[aria-label="clip.webm"]');
    expect(await preview.getAttribute('src')).toMatch(/^blob:/);
    await expect
      .poll(() => preview.evaluate((v: HTMLVideoElement) => v.readyState))
      .toBeGreaterThan(0);
    expect(await preview.evaluate((v: HTMLVideoElement) => Math.round(v.duration))).toBe(4);
    const size = await preview.evaluate(
      (v: HTMLVideoElement) => `${v.videoWidth} / ${v.videoHeight}`,
    );
    // No caption: attachments alone are a message.
    await expect.poll(() => button(ann, 'Send').isEnabled(), { timeout: 30_000 }).toBe(true);
    await button(ann, 'Send').click();
    await tray(ann).waitFor({ state: 'detached' });
    // With no text, the chat list says what was sent.
    await ann
      .getByRole('list', { name: 'Chats', exact: true })
      .getByText('You: Video', { exact: true })
      .waitFor();

    const video = messages(ben).locator('video[aria-label="clip.webm"]');
    await video.waitFor();
    // The poster is the first frame the sender's browser drew, uploaded as an image.
    const poster = (await video.getAttribute('poster')) ?? '';
    expect(poster).toMatch(/^\/media\/[\w-]+\?t=/);
    const posterWidth = await ben.evaluate(async (url) => {
      const image = new Image();
      image.src = url;
      await image.decode();
      return image.naturalWidth;
    }, poster);
    expect(posterWidth).toBeGreaterThan(0);
    expect(await video.getAttribute('preload')).toBe('metadata');
    // Laid out at the size the sender's browser measured, before any of it loads.
    expect(await video.evaluate((v) => v.style.aspectRatio)).toBe(size);
    await expect
      .poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState))
      .toBeGreaterThan(0);
    expect(await video.evaluate((v: HTMLVideoElement) => Math.round(v.duration))).toBe(4);
    // Seeking fetches the part needed (Range) and lands where asked.
    const landed = await video.evaluate(
      (v: HTMLVideoElement) =>
        new Promise<number>((resolve) => {
          v.addEventListener('seeked', () => resolve(v.currentTime), { once: true });
          v.currentTime = 3;
        }),
    );
    expect(landed).toBeCloseTo(3, 0);
  });

  test('a file name with markup is shown as text', async () => {
    const name = '<img src=x onerror=alert(1)>.txt';
    await ann.locator('input[type="file"]').setInputFiles({
      name,
      mimeType: 'text/html',
      buffer: Buffer.from('<script>alert(2)</script>'),
    });
    await expect.poll(() => button(ann, 'Send').isEnabled(), { timeout: 30_000 }).toBe(true);
    await button(ann, 'Send').click();
    const received = messages(ben).getByRole('listitem').filter({ hasText: 'onerror=alert(1)' });
    await received.getByRole('link', { name: 'Download', exact: true }).waitFor();
    expect(await received.locator('img').count()).toBe(0);
    expect(await received.innerText()).toContain(name);
  });

  test('at 360 px and in dark mode the conversation still fits', async () => {
    await ben.setViewportSize({ width: 360, height: 780 });
    await ben.emulateMedia({ colorScheme: 'dark' });
    const received = message(ben, CAPTION);
    await received.scrollIntoViewIfNeeded();
    expect(await ben.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const box = await received.getByRole('group', { name: '2 images', exact: true }).boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(360);
    await ben.screenshot({ path: shot('media-conversation-360-dark'), animations: 'disabled' });
    await ben.emulateMedia({ colorScheme: 'light' });
    await ben.setViewportSize({ width: 1280, height: 860 });
    expect(problems).toEqual([]);
  });
});
