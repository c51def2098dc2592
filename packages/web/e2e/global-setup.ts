import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { checkBuilt, startStack } from './stack.js';

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

/**
 * Runs the built API (fresh PGlite data directory) and the built web server on free ports for the
 * browser tests, plus a loopback control endpoint through which a test restarts the API.
 */
export default async function setup(project: TestProject) {
  checkBuilt();
  const dataDir = await mkdtemp(join(tmpdir(), 'parley-e2e-data-'));
  const screenshotDir = await mkdtemp(join(tmpdir(), 'parley-e2e-screens-'));
  const stack = await startStack(dataDir);

  // POST /restart-api, /stop-api, /start-api: tests take the API away and bring it back.
  const actions: Record<string, () => Promise<void>> = {
    '/restart-api': () => stack.stopApi().then(stack.startApi),
    '/stop-api': stack.stopApi,
    '/start-api': stack.startApi,
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

  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
  const address = control.address();
  const controlPort = typeof address === 'object' && address ? address.port : 0;

  project.provide('webUrl', stack.webUrl);
  const controlUrl = `http://127.0.0.1:${controlPort}`;
  project.provide('restartApiUrl', `${controlUrl}/restart-api`);
  project.provide('stopApiUrl', `${controlUrl}/stop-api`);
  project.provide('startApiUrl', `${controlUrl}/start-api`);
  project.provide('screenshotDir', screenshotDir);

  return async () => {
    control.close();
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
    console.log(`Browser test screenshots: ${screenshotDir}`);
  };
}
