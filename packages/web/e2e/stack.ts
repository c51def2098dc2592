import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumPath } from './chromium.js';
import { freePort, respondsOk, Service, waitUntil } from './processes.js';

export const webDir = fileURLToPath(new URL('..', import.meta.url));
const apiMain = join(webDir, '../api/dist/main.js');
const webMain = join(webDir, 'dist-server/serve.js');

export interface Stack {
  apiUrl: string;
  webUrl: string;
  /** Starts the API again (same data directory, same port) and waits until it answers. */
  startApi(): Promise<void>;
  stopApi(): Promise<void>;
  stop(): Promise<void>;
}

/** Fails at once, saying what to do, when something the browser tests run is not built. */
export function checkBuilt(): void {
  for (const [file, hint] of [
    [apiMain, 'build the API: npx turbo run build --filter=@parley/api'],
    [webMain, 'build the web app: npm run build -w packages/web'],
    [chromiumPath(), 'install Chromium: apt-get install chromium (see README)'],
  ] as const) {
    if (!existsSync(file)) throw new Error(`${file} is missing: ${hint}`);
  }
}

/** Runs the built API (PGlite in `dataDir`) and the built web server on free ports. */
export async function startStack(dataDir: string): Promise<Stack> {
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
  const stop = () => Promise.all([web.stop(), api.stop()]).then(() => undefined);

  try {
    await startApi();
    web.start();
    await waitUntil(`the web app at ${webUrl}`, () => respondsOk(webUrl));
  } catch (error) {
    await stop();
    throw new Error(`${String(error)}\n--- api ---\n${api.output}\n--- web ---\n${web.output}`, {
      cause: error,
    });
  }
  return { apiUrl, webUrl, startApi, stopApi: () => api.stop(), stop };
}
