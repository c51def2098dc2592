import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchChromium } from './chromium.js';
import { openPages, register, startDirectChat } from './people.js';

const webUrl = inject('webUrl');

let browser: Browser;
let gia: Page;
let hal: Page;
let ivy: Page;
/** Problems the pages report: alert() calls, crashes. */
const problems: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  [gia, hal, ivy] = (await openPages(browser, 3, problems)) as [Page, Page, Page];
});

afterAll(async () => {
  await browser?.close();
});

const shot = (name: string) => join(inject('screenshotDir'), `${name}.png`);
const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });
const heading = (page: Page, name: string) =>
  page.getByRole('heading', { level: 1, name, exact: true });
const chats = (page: Page) => page.getByRole('list', { name: 'Chats', exact: true });
const settings = (page: Page) => page.getByRole('dialog', { name: 'Group settings' });
const members = (page: Page) => settings(page).getByRole('list', { name: 'Members', exact: true });
const memberRow = (page: Page, name: string) =>
  members(page).getByRole('listitem').filter({ hasText: name });

async function openChat(page: Page, name: string) {
  await chats(page)
    .getByRole('link', { name: new RegExp(name) })
    .click();
  await heading(page, name).waitFor();
}

describe('group settings and safety numbers', () => {
  test('rename a group, add and remove people, roles decide the controls, leave', async () => {
    await Promise.all([
      register(gia, webUrl, 'gia_group', 'Gia'),
      register(hal, webUrl, 'hal_group', 'Hal'),
      register(ivy, webUrl, 'ivy_group', 'Ivy'),
    ]);

    await button(gia, 'New group').click();
    const create = gia.getByRole('dialog', { name: 'New group' });
    await create.getByLabel('Group name').fill('Book club');
    await create.getByLabel('Search people').fill('hal_group');
    await create.getByRole('button', { name: /@hal_group/ }).click();
    await button(gia, 'Create group').click();
    await heading(gia, 'Book club').waitFor();

    // The owner sees everyone with their role, and the controls to manage them.
    await button(gia, 'Group settings').click();
    await memberRow(gia, 'Gia').getByText('Owner', { exact: true }).waitFor();
    await memberRow(gia, 'Hal').getByText('Member', { exact: true }).waitFor();
    await settings(gia).getByRole('button', { name: 'Remove Hal', exact: true }).waitFor();

    // Renamed: the new name shows in the header and in both people's chat lists.
    await settings(gia).getByLabel('Group name').fill('Reading circle');
    await button(gia, 'Save').click();
    await settings(gia).getByText('Group name saved.').waitFor();
    await chats(gia)
      .getByRole('link', { name: /Reading circle/ })
      .waitFor();
    await heading(gia, 'Reading circle').waitFor();
    await openChat(hal, 'Reading circle');
    expect(
      await chats(hal)
        .getByRole('link', { name: /Book club/ })
        .count(),
    ).toBe(0);

    // A plain member sees the members and Leave group, none of the managing controls.
    await button(hal, 'Group settings').click();
    await memberRow(hal, 'Gia').getByText('Owner', { exact: true }).waitFor();
    await button(hal, 'Leave group').waitFor();
    expect(await settings(hal).getByLabel('Group name').count()).toBe(0);
    expect(await settings(hal).getByLabel('Search people').count()).toBe(0);
    expect(
      await settings(hal)
        .getByRole('button', { name: /^(Remove|Make) / })
        .count(),
    ).toBe(0);
    await settings(hal).getByRole('button', { name: 'Close' }).click();

    // Added through Search people: Ivy is in the list at once and gets the group live.
    await settings(gia).getByLabel('Search people').fill('ivy_group');
    await settings(gia)
      .getByRole('button', { name: /@ivy_group/ })
      .click();
    await memberRow(gia, 'Ivy').getByText('Member', { exact: true }).waitFor();
    await gia.screenshot({ path: shot('group-settings-owner') });
    await openChat(ivy, 'Reading circle');

    // The owner promotes Hal and demotes him again.
    await button(gia, 'Make Hal admin').click();
    await memberRow(gia, 'Hal').getByText('Admin', { exact: true }).waitFor();
    await button(gia, 'Remove Hal as admin').click();
    await memberRow(gia, 'Hal').getByText('Member', { exact: true }).waitFor();

    // Removed, after a confirmation: gone from the members, and Ivy's open chat closes.
    await button(gia, 'Remove Ivy').click();
    await settings(gia).getByText('Remove Ivy from Reading circle?').waitFor();
    await button(gia, 'Remove').click();
    await members(gia).waitFor();
    await memberRow(gia, 'Ivy').waitFor({ state: 'detached' });
    await ivy.waitForURL(`${webUrl}/`);
    await chats(ivy)
      .getByRole('link', { name: /Reading circle/ })
      .waitFor({ state: 'detached' });

    // Hal leaves: back to the chat list, without the group; Gia sees him gone.
    await button(hal, 'Group settings').click();
    await button(hal, 'Leave group').click();
    await button(hal, 'Leave').click();
    await hal.waitForURL(`${webUrl}/`);
    await chats(hal)
      .getByRole('link', { name: /Reading circle/ })
      .waitFor({ state: 'detached' });
    await memberRow(gia, 'Hal').waitFor({ state: 'detached' });
    expect(problems).toEqual([]);
  });

  test('the safety number of a direct chat is 12 groups of 5 digits, the same on both sides', async () => {
    await button(gia, 'Close').click();
    await startDirectChat(gia, 'hal_group', 'Hal');
    await gia.getByLabel('Message', { exact: true }).fill('Shall we compare numbers?');
    await gia.getByLabel('Message', { exact: true }).press('Enter');
    await openChat(hal, 'Gia');
    // A group has no safety number; a direct chat has no group settings.
    expect(await button(hal, 'Group settings').count()).toBe(0);

    const safetyNumber = async (page: Page, peer: string) => {
      await button(page, 'Verify safety number').click();
      const verify = page.getByRole('dialog', { name: 'Verify safety number' });
      await verify
        .getByText(`Compare these numbers with ${peer} in person or on a call.`, { exact: false })
        .waitFor();
      const groups = verify.getByRole('list', { name: 'Safety number' }).getByRole('listitem');
      await groups.first().waitFor();
      return (await groups.allInnerTexts()).map((group) => group.trim());
    };
    const [fromGia, fromHal] = await Promise.all([
      safetyNumber(gia, 'Hal'),
      safetyNumber(hal, 'Gia'),
    ]);
    expect(fromGia).toHaveLength(12);
    expect(fromGia.every((group) => /^\d{5}$/.test(group))).toBe(true);
    expect(fromHal).toEqual(fromGia);
    await hal.setViewportSize({ width: 360, height: 740 });
    await hal.screenshot({ path: shot('safety-number-360') });
    expect(problems).toEqual([]);
  });
});
