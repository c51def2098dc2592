import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from './env.js';
import { createWebServer, listen } from './web-server.js';

// Entry point of `npm start -w packages/web`: compiled to dist-server/serve.js, serving ../dist.
const distDir = fileURLToPath(new URL('../dist/', import.meta.url));

try {
  const config = loadConfig();
  const web = createWebServer(config, distDir);
  const url = await listen(web, config);
  console.log(`Web listening on ${url}`);
  // Exit once closed: idle keep-alive sockets to the API would otherwise hold the process open.
  const shutdown = () => void web.close().then(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
}
