import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { FAKE_MEDIA_ARGS, launchChromium } from './chromium.js';
import { openPages, register, startDirectChat } from './people.js';

const webUrl = inject('webUrl');

let browser: Browser;
let ann: Page;
let ben: Page;
const problems: string[] = [];
/** Polls wait on real time passing (recording, playing): give them more than the default second. */
const LONG = { timeout: 15_000 };

beforeAll(async () => {
  // Chromium's fake microphone plays a beep; the fake UI grants it without a prompt.
  browser = await launchChromium(FAKE_MEDIA_ARGS);
  [ann, ben] = (await openPages(browser, 2, problems)) as [Page, Page];
});

afterAll(async () => {
  await browser?.close();
});

const shot = (name: string) => join(inject('screenshotDir'), `${name}.png`);
const button = (scope: Page | Locator, name: string) =>
  scope.getByRole('button', { name, exact: true });
const messages = (page: Page) => page.getByRole('list', { name: 'Messages', exact: true });
const voiceFrom = (page: Page, name: string) =>
  messages(page).getByRole('group', { name: new RegExp(`^Voice message from ${name},`) });
const seek = (scope: Locator) => scope.getByRole('slider', { name: 'Seek', exact: true });
const elapsedMs = async (player: Locator) => {
  const [minutes, seconds] = (await player.getByRole('timer').innerText()).split(':').map(Number);
  return ((minutes ?? 0) * 60 + (seconds ?? 0)) * 1000;
};
const sliderValue = async (player: Locator, attribute: string) =>
  Number(await seek(player).getAttribute(attribute));

/** Records about `seconds` of the fake microphone and sends it after reviewing it. */
async function recordAndSend(page: Page, seconds: number) {
  await button(page, 'Record voice message').click();
  const recorder = page.getByRole('group', { name: 'Recording a voice message' });
  const timer = recorder.getByRole('timer', { name: 'Recording time' });
  await expect.poll(() => timer.innerText(), LONG).toBe(`0:0${seconds}`);
  await page.screenshot({ path: shot(`voice-recording-${seconds}s`) });
  await button(recorder, 'Stop recording').click();

  const review = page.getByRole('group', { name: 'Voice message to send' });
  await review.waitFor();
  await page.screenshot({ path: shot(`voice-review-${seconds}s`) });
  // The client measured it: about as long as the timer ran, with a drawn waveform.
  expect(await sliderValue(review, 'aria-valuemax')).toBeGreaterThanOrEqual(seconds - 1);
  expect(await review.locator('svg rect').count()).toBeGreaterThan(10);
  await button(review, 'Send').click();
  await review.waitFor({ state: 'detached' });
  await button(page, 'Record voice message').waitFor();
}

describe('voice messages', () => {
  test('one records, reviews and sends; the other plays, changes speed and seeks', async () => {
    await Promise.all([
      register(ann, webUrl, 'ann_voice', 'Ann'),
      register(ben, webUrl, 'ben_voice', 'Ben'),
    ]);
    await startDirectChat(ann, 'ben_voice', 'Ben');

    // Pause and resume: the timer holds still while paused.
    await button(ann, 'Record voice message').click();
    const recorder = ann.getByRole('group', { name: 'Recording a voice message' });
    const timer = recorder.getByRole('timer', { name: 'Recording time' });
    await expect.poll(() => timer.innerText(), LONG).toBe('0:01');
    await button(recorder, 'Pause recording').click();
    await recorder.getByText('Paused', { exact: true }).waitFor();
    const held = await timer.innerText();
    await ann.waitForTimeout(1_200); // time passing is what is tested: it must not count
    expect(await timer.innerText()).toBe(held);
    await button(recorder, 'Resume recording').click();
    // Cancel throws the recording away: back to the Record button, nothing to review.
    await button(recorder, 'Cancel recording').click();
    await button(ann, 'Record voice message').waitFor();
    expect(await ann.getByRole('group', { name: 'Voice message to send' }).count()).toBe(0);

    // Two voice messages, so the second can follow the first.
    await recordAndSend(ann, 3);
    await recordAndSend(ann, 2);
    await expect.poll(() => voiceFrom(ann, 'You').count(), LONG).toBe(2);
    // Her own messages are not "unplayed" for her.
    expect(await voiceFrom(ann, 'You').getByRole('img', { name: 'Not played yet' }).count()).toBe(
      0,
    );
    await ann.screenshot({ path: shot('voice-sent') });

    await ben.getByRole('link', { name: /Ann/ }).click();
    await expect.poll(() => voiceFrom(ben, 'Ann').count(), LONG).toBe(2);
    const first = voiceFrom(ben, 'Ann').nth(0);
    const second = voiceFrom(ben, 'Ann').nth(1);
    await first.getByRole('img', { name: 'Not played yet' }).waitFor();
    const firstLength = (await sliderValue(first, 'aria-valuemax')) * 1000;
    expect(firstLength).toBeGreaterThanOrEqual(2_000);

    // Play: the button becomes Pause and the elapsed time advances; it is now played.
    await button(first, 'Play').click();
    await button(first, 'Pause').waitFor();
    await expect.poll(() => elapsedMs(first), LONG).toBeGreaterThanOrEqual(1_000);
    await first.getByRole('img', { name: 'Not played yet' }).waitFor({ state: 'detached' });
    // When it ends, the next unplayed one starts by itself; only one plays at a time.
    await button(second, 'Pause').waitFor({ timeout: 15_000 });
    await button(first, 'Play').waitFor();
    await second.getByRole('img', { name: 'Not played yet' }).waitFor({ state: 'detached' });
    await button(second, 'Pause').click();
    await button(second, 'Play').waitFor();

    // Speed: 1× → 1.5× → 2×, remembered for the next visit.
    await button(second, 'Playback speed 1×').click();
    await button(second, 'Playback speed 1.5×').waitFor();
    await button(first, 'Playback speed 1.5×').waitFor();
    await button(second, 'Playback speed 1.5×').click();
    await button(second, 'Playback speed 2×').waitFor();

    // Seek by keyboard, then by clicking on the waveform: the position follows.
    const slider = seek(first);
    await slider.focus();
    await ben.keyboard.press('End');
    await expect.poll(() => sliderValue(first, 'aria-valuenow'), LONG).toBe(firstLength / 1000);
    await ben.keyboard.press('Home');
    await expect.poll(() => sliderValue(first, 'aria-valuenow'), LONG).toBe(0);
    expect(await first.getByRole('timer').innerText()).toBe('0:00');
    await ben.keyboard.press('ArrowRight'); // +5 s, held at the end of a shorter message
    await expect.poll(() => sliderValue(first, 'aria-valuenow'), LONG).toBe(firstLength / 1000);
    await ben.keyboard.press('Home');
    await expect.poll(() => sliderValue(first, 'aria-valuenow'), LONG).toBe(0);
    const box = (await slider.boundingBox())!;
    await slider.click({ position: { x: box.width / 2, y: box.height / 2 } });
    await expect.poll(() => sliderValue(first, 'aria-valuenow'), LONG).toBeGreaterThanOrEqual(1);
    const middle = await sliderValue(first, 'aria-valuenow');
    expect(middle).toBeLessThan(firstLength / 1000);
    expect(await elapsedMs(first)).toBe(middle * 1000);
    await ben.screenshot({ path: shot('voice-playing') });

    // Played state and speed are kept: after a reload both are still there.
    await ben.reload();
    await expect.poll(() => voiceFrom(ben, 'Ann').count(), LONG).toBe(2);
    expect(await voiceFrom(ben, 'Ann').getByRole('img', { name: 'Not played yet' }).count()).toBe(
      0,
    );
    await button(voiceFrom(ben, 'Ann').nth(0), 'Playback speed 2×').waitFor();
    await ben.setViewportSize({ width: 360, height: 740 });
    await voiceFrom(ben, 'Ann').nth(1).getByRole('slider', { name: 'Seek' }).waitFor();
    await ben.screenshot({ path: shot('voice-360px') });

    // Leaving a chat mid-recording keeps the recording as that chat's draft.
    await button(ann, 'Record voice message').click();
    const running = ann.getByRole('group', { name: 'Recording a voice message' });
    await expect.poll(() => running.getByRole('timer').innerText(), LONG).toBe('0:01');
    // Another tab in front: the recording goes on in the background.
    const other = await ann.context().newPage();
    await other.bringToFront();
    await expect.poll(() => running.getByRole('timer').innerText(), LONG).toBe('0:03');
    await other.close();
    await ann.bringToFront();
    const nav = ann.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Profile' }).click();
    await ann.getByRole('heading', { level: 1, name: 'Profile', exact: true }).waitFor();
    await nav.getByRole('link', { name: 'Chats' }).click();
    await ann.getByRole('list', { name: 'Chats' }).getByRole('link', { name: /^Ben/ }).click();
    const kept = ann.getByRole('group', { name: 'Voice message to send' });
    await kept.waitFor();
    expect(await sliderValue(kept, 'aria-valuemax')).toBeGreaterThanOrEqual(3);
    // Discarding it hands focus back to the Record button.
    await button(kept, 'Discard recording').click();
    await kept.waitFor({ state: 'detached' });
    await expect
      .poll(() => ann.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('Record voice message');
    expect(problems).toEqual([]);
  });

  test('a microphone the browser refuses is explained, and nothing is recorded', async () => {
    // Without the fake UI the permission prompt is dismissed, as when a person says no.
    const refusing = await launchChromium(['--use-fake-device-for-media-stream']);
    try {
      const [cy] = (await openPages(refusing, 1, problems)) as [Page];
      await register(cy, webUrl, 'cy_voice', 'Cy');
      await startDirectChat(cy, 'ann_voice', 'Ann');
      await button(cy, 'Record voice message').click();
      const alert = cy.getByRole('alert').filter({ hasText: 'may not use your microphone' });
      await alert.getByText(/Allow microphone access for this site/).waitFor();
      expect(await cy.getByRole('group', { name: 'Recording a voice message' }).count()).toBe(0);
      await button(alert, 'Dismiss').click();
      await alert.waitFor({ state: 'detached' });
      await button(cy, 'Record voice message').waitFor();
    } finally {
      await refusing.close();
    }
    expect(problems).toEqual([]);
  });
});
