// Starts (and restarts) the API child on core 0 with fixed secrets and port, so that access tokens
// stay valid and clients find it again after a restart.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ServerChild } from './children.js';

export const API_CORE = 0;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface ApiLauncher {
  start(): Promise<ServerChild>;
  /** Removes the data folder (secrets file, local media). */
  cleanUp(): Promise<void>;
}

export async function apiLauncher(
  databaseUrl: string,
  options: { cpuProfileDir?: string },
): Promise<ApiLauncher> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'parley-bench-'));
  const env = {
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    LOG_LEVEL: 'error',
    JWT_SECRET: randomBytes(32).toString('hex'),
    MASTER_KEY: randomBytes(32).toString('base64'),
    MASTER_KEY_ID: 'bench',
    NODE_ENV: 'production',
  };
  const nodeFlags = options.cpuProfileDir
    ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`]
    : [];
  return {
    start: () => ServerChild.start({ script: 'api-child.ts', core: API_CORE, env, nodeFlags }),
    cleanUp: () => rm(dataDir, { recursive: true, force: true }),
  };
}
