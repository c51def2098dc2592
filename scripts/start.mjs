// `npm start [-- --https]`: build every package, then serve the API (:3002) and the web app (:3000)
// until Ctrl-C. Data (embedded PostgreSQL, media, generated secrets) lives in DATA_DIR (./data).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runCommand, startService, stopAll } from './lib/children.mjs';
import { ensureLocalCertificate, trustInstructions } from './lib/local-certificate.mjs';
import { isPortInUse, waitForHttp } from './lib/probe.mjs';

const READY_TIMEOUT_MS = 120_000;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;

function fail(message) {
  console.error(`npm start: ${message}`);
  process.exit(1);
}

function portFrom(name, fallback) {
  const port = Number(env[name] ?? fallback);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    fail(`${name} must be a port number between 1 and 65535, got "${env[name]}"`);
  }
  return port;
}

let flags;
try {
  ({ values: flags } = parseArgs({ options: { https: { type: 'boolean', default: false } } }));
} catch (error) {
  fail(`${error.message}\nUsage: npm start [-- --https]`);
}
const apiPort = portFrom('API_PORT', 3002);
const webPort = portFrom('WEB_PORT', 3000);
const dataDir = path.resolve(env.DATA_DIR ?? path.join(root, 'data'));
// Servers bind HOST (default 127.0.0.1); probe them there unless they listen on every address.
const bindHost = env.HOST && !['0.0.0.0', '::'].includes(env.HOST) ? env.HOST : '127.0.0.1';
const probeHost = bindHost.includes(':') ? `[${bindHost}]` : bindHost;
const shownHost = ['127.0.0.1', '::1'].includes(bindHost) ? 'localhost' : probeHost;

let stopping = false;
async function stop(exitCode) {
  if (stopping) return;
  stopping = true;
  await stopAll();
  process.exit(exitCode);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

async function main() {
  const buildCode = await runCommand('npx', ['turbo', 'run', 'build'], { cwd: root });
  if (stopping) return; // a signal arrived during the build; stop() exits
  if (buildCode !== 0) fail(`the build failed (exit code ${buildCode})`);

  for (const [name, port] of [
    ['WEB_PORT', webPort],
    ['API_PORT', apiPort],
  ]) {
    if (await isPortInUse(bindHost, port)) {
      fail(`port ${port} on ${bindHost} is already in use; stop that program or set ${name}`);
    }
  }

  const scheme = flags.https ? 'https' : 'http';
  const tls = flags.https ? await tlsEnv() : {};
  const apiUrl = `${scheme}://${probeHost}:${apiPort}`;
  const webUrl = `${scheme}://${probeHost}:${webPort}`;
  const shownWebUrl = `${scheme}://${shownHost}:${webPort}`;
  const shownApiUrl = `${scheme}://${shownHost}:${apiPort}`;
  const common = { ...env, DATA_DIR: dataDir, ...tls };
  const apiEnv = { ...common, PORT: String(apiPort) };
  if (!env.ALLOWED_ORIGINS && (webPort !== 3000 || shownHost !== 'localhost')) {
    // The API's default allow-list names localhost:3000; the browser's Origin is the web server's.
    apiEnv.ALLOWED_ORIGINS = [...new Set([shownWebUrl, webUrl])].join(',');
  }
  const webEnv = { ...common, PORT: String(webPort), API_URL: env.API_URL ?? apiUrl };

  const services = [
    startService('api', path.join(root, 'packages/api/dist/main.js'), apiEnv),
    startService('web', path.join(root, 'packages/web/dist-server/serve.js'), webEnv),
  ];
  for (const service of services) {
    void service.exited.then(({ code, signal }) => {
      if (stopping) return;
      console.error(
        `npm start: the ${service.name} server stopped (${signal ?? `exit code ${code}`});`,
      );
      console.error('npm start: stopping the other one.');
      void stop(code || 1);
    });
  }

  try {
    await Promise.all([
      waitForHttp(`${apiUrl}/healthz`, { timeoutMs: READY_TIMEOUT_MS }),
      waitForHttp(`${webUrl}/`, { timeoutMs: READY_TIMEOUT_MS }),
    ]);
  } catch (error) {
    if (!stopping) console.error(`npm start: ${error.message}; stopping.`);
    return stop(1);
  }
  if (stopping) return;

  console.log(`\nParley is running — open ${shownWebUrl} (API on ${shownApiUrl})`);
  console.log(`Data: ${dataDir}`);
  if (tls.NODE_EXTRA_CA_CERTS) console.log(`\n${trustInstructions(tls.TLS_CERT, shownWebUrl)}`);
  console.log('Press Ctrl-C to stop.\n');
}

/** TLS_CERT/TLS_KEY for both servers: the caller's own pair, or the local self-signed one. */
async function tlsEnv() {
  if (env.TLS_CERT && env.TLS_KEY) return { TLS_CERT: env.TLS_CERT, TLS_KEY: env.TLS_KEY };
  const { certPath, keyPath } = await ensureLocalCertificate(path.join(dataDir, 'tls'));
  // The web server proxies to the API over HTTPS, so it must trust the self-signed certificate.
  return { TLS_CERT: certPath, TLS_KEY: keyPath, NODE_EXTRA_CA_CERTS: certPath };
}

if (!flags.https && (env.TLS_CERT || env.TLS_KEY)) {
  fail('TLS_CERT/TLS_KEY are set: run `npm start -- --https` to serve HTTPS, or unset them');
}
void main();
