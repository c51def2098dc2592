import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ParleyClient } from '@parley/api/client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchChromium } from './chromium.js';

const webUrl = inject('webUrl');
const PASSWORD = 'correct horse battery staple';

let browser: Browser;
let page: Page;
let program: ParleyClient;
let deviceDir: string;

beforeAll(async () => {
  deviceDir = await mkdtemp(join(tmpdir(), 'parley-e2e-sdk-'));
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
  // A Node program talks to the same address as the browser: the web server proxies /trpc. It keeps
  // its own device in a file, so what it sends and reads is sealed and opened in this process.
  program = await ParleyClient.register(
    webUrl,
    { username: 'sdk_bot', password: PASSWORD, displayName: 'Parley Bot' },
    { deviceFile: join(deviceDir, 'bot.device') },
  );
});

afterAll(async () => {
  await program?.close();
  await browser?.close();
  await rm(deviceDir, { recursive: true, force: true });
});

const messages = () => page.getByRole('list', { name: 'Messages', exact: true });

describe('an SDK program and a browser user', () => {
  test('chat with each other live', async () => {
    await page.goto(`${webUrl}/register`);
    await page.getByLabel('Username', { exact: true }).fill('web_human');
    await page.getByLabel('Display name', { exact: true }).fill('Human');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Chats', exact: true }).waitFor();

    const stream = program.events();
    await stream.ready;
    const chat = await program.trpc.conversations.openDirect.mutate({ username: 'web_human' });
    const greeting = await program.send(chat.id, 'Hello from a program');
    expect(greeting.senderDeviceId).toBe(program.device!.deviceId);

    // The browser user sees the chat and the message arrive without a reload, and answers.
    await page
      .getByRole('list', { name: 'Chats', exact: true })
      .getByRole('link', { name: /^Parley Bot/ })
      .click();
    await messages().getByRole('listitem').filter({ hasText: 'Hello from a program' }).waitFor();
    await page.getByLabel('Message', { exact: true }).fill('Hello, program');
    await page.getByRole('button', { name: 'Send', exact: true }).click();

    // The program hears of the answer live and reads it.
    for await (const { event } of stream) {
      if (event.type === 'message.created' && event.seq === 2) break;
    }
    const history = await program.messages(chat.id);
    expect(history.messages.map((m) => m.text)).toEqual(['Hello from a program', 'Hello, program']);
  });
});
