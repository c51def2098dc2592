import type { Browser, Page } from 'playwright-core';

export const PASSWORD = 'correct horse battery staple';

/**
 * One page per person, each in its own browser context (own cookies and storage). Each reports
 * into `problems` what a test must fail on: alert() calls (an XSS would fire one) and crashes.
 */
export function openPages(browser: Browser, count: number, problems: string[]): Promise<Page[]> {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
      const page = await context.newPage();
      page.on('dialog', (dialog) => {
        problems.push(`dialog: ${dialog.message()}`);
        void dialog.dismiss();
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      return page;
    }),
  );
}

/** Creates an account through the register page and waits for the chat list. */
export async function register(page: Page, webUrl: string, username: string, displayName: string) {
  await page.goto(`${webUrl}/register`);
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Display name', { exact: true }).fill(displayName);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Chats', exact: true }).waitFor();
}

/** Opens a direct chat with `username` from the New chat dialog and waits for its heading. */
export async function startDirectChat(page: Page, username: string, displayName: string) {
  await page.getByRole('button', { name: 'New chat', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'New chat' });
  await dialog.getByLabel('Search people').fill(username);
  await dialog.getByRole('button', { name: new RegExp(`@${username}`) }).click();
  await page.getByRole('heading', { level: 1, name: displayName, exact: true }).waitFor();
}
