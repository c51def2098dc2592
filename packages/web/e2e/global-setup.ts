import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { chromiumPath } from './chromium.js';
import { freePort, respondsOk, Service, waitUntil } from './processes.js';

declare module 'vitest' {
  export interface ProvidedContext {
    webUrl: string;
    /** POST here to restart the API process (same data directory, same port). */
    restartApiUrl: string;
    /** POST here to stop the API process, and to start it again. */
    stopApiUrl: string;
    startApiUrl: string;
    screenshotDir: string;
  }
}

const webDir = fileURLToPath(new URL('..', import.meta.url));
const apiMain = join(webDir, '../api/dist/main.js');
const webMain = join(webDir, 'dist-server/serve.js');

/**
 * Runs the built API (fresh PGlite data directory) and the built web server on free ports for the
 * browser tests, plus a loopback control endpoint through which a test restarts the API.
 */
export default async function setup(project: TestProject) {
  for (const [file, hint] of [
    [apiMain, 'build the API: npx turbo run build --filter=@parley/api'],
    [webMain, 'build the web app: npm run build -w packages/web'],
    [chromiumPath(), 'install Chromium: apt-get install chromium (see README)'],
  ] as const) {
    if (!existsSync(file)) throw new Error(`${file} is missing: ${hint}`);
  }

  const dataDir = await mkdtemp(join(tmpdir(), 'parley-e2e-data-'));
  const screenshotDir = await mkdtemp(join(tmpdir(), 'parley-e2e-screens-'));
  const [apiPort, webPort] = [await freePort(), await freePort()];
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const webUrl = `http://127.0.0.1:${webPort}`;
  const baseEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production' };

  const api = new Service(
    'api',
    process.execPath,
    [apiMain],
    {
      ...baseEnv,
      PORT: String(apiPort),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      ALLOWED_ORIGINS: webUrl,
      LOG_LEVEL: 'warn',
    },
    webDir,
  );
  const web = new Service(
    'web',
    process.execPath,
    [webMain],
    { ...baseEnv, PORT: String(webPort), HOST: '127.0.0.1', API_URL: apiUrl },
    webDir,
  );

  const startApi = async () => {
    api.start();
    await waitUntil(`the API at ${apiUrl}/healthz`, () => respondsOk(`${apiUrl}/healthz`), 60_000);
  };

  // POST /restart-api, /stop-api, /start-api: tests take the API away and bring it back.
  const actions: Record<string, () => Promise<void>> = {
    '/restart-api': () => api.stop().then(startApi),
    '/stop-api': () => api.stop(),
    '/start-api': startApi,
  };
  const control = createServer((req, res) => {
    const action = req.method === 'POST' ? actions[req.url ?? ''] : undefined;
    if (!action) {
      res.writeHead(404).end();
      return;
    }
    action().then(
      () => res.writeHead(204).end(),
      (error: unknown) => res.writeHead(500).end(String(error)),
    );
  });

  try {
    await startApi();
    web.start();
    await waitUntil(`the web app at ${webUrl}`, () => respondsOk(webUrl));
    await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
  } catch (error) {
    await Promise.all([web.stop(), api.stop()]);
    throw new Error(`${String(error)}\n--- api ---\n${api.output}\n--- web ---\n${web.output}`, {
      cause: error,
    });
  }
  const address = control.address();
  const controlPort = typeof address === 'object' && address ? address.port : 0;

  project.provide('webUrl', webUrl);
  const controlUrl = `http://127.0.0.1:${controlPort}`;
  project.provide('restartApiUrl', `${controlUrl}/restart-api`);
  project.provide('stopApiUrl', `${controlUrl}/stop-api`);
  project.provide('startApiUrl', `${controlUrl}/start-api`);
  project.provide('screenshotDir', screenshotDir);

  return async () => {
    control.close();
    await Promise.all([web.stop(), api.stop()]);
    await rm(dataDir, { recursive: true, force: true });
    console.log(`Browser test screenshots: ${screenshotDir}`);
  };
}
