import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createHttpsServer, request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import type { WebConfig } from './env.js';
import { createWebServer, listen, type WebServer } from './web-server.js';

const INDEX = '<!doctype html><title>Parley</title><div id="root"></div>';
const ASSET = 'console.log("app")';

let distDir: string;
/** What the stand-in API received: path, headers and body size of each request and WebSocket. */
const received: { url: string; headers: IncomingHttpHeaders; bytes: number }[] = [];

function recordingApi(): Server {
  const server = createServer((req, res) => {
    let bytes = 0;
    req.on('data', (chunk: Buffer) => (bytes += chunk.length));
    req.on('end', () => {
      received.push({ url: req.url ?? '', headers: req.headers, bytes });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  new WebSocketServer({ server }).on('connection', (socket, req) => {
    received.push({ url: req.url ?? '', headers: req.headers, bytes: 0 });
    socket.on('message', (data) => socket.send(`echo ${String(data)}`));
  });
  return server;
}

async function listenOn(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('not listening');
  return `127.0.0.1:${address.port}`;
}

async function startWeb(config: Omit<WebConfig, 'port' | 'host'>): Promise<[WebServer, string]> {
  const web = createWebServer({ ...config, port: 0, host: '127.0.0.1' }, distDir);
  return [web, await listen(web, { ...config, port: 0, host: '127.0.0.1' })];
}

beforeAll(async () => {
  distDir = await mkdtemp(join(tmpdir(), 'parley-web-dist-'));
  await mkdir(join(distDir, 'assets'));
  await writeFile(join(distDir, 'index.html'), INDEX);
  await writeFile(join(distDir, 'assets', 'index-Ab12Cd34.js'), ASSET);
  await writeFile(join(distDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
});

describe('web server over HTTP', () => {
  const api = recordingApi();
  let web: WebServer;
  let url: string;

  beforeAll(async () => {
    const apiHost = await listenOn(api);
    [web, url] = await startWeb({ apiUrl: new URL(`http://${apiHost}`), tls: null });
  });
  afterAll(async () => {
    await web.close();
    api.closeAllConnections();
    await new Promise((resolve) => api.close(resolve));
  });

  test('serves the app with a strict CSP and the other security headers', async () => {
    const response = await fetch(`${url}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(INDEX);
    const host = new URL(url).host;
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp.split('; ')).toEqual(
      expect.arrayContaining([
        "default-src 'self'",
        "img-src 'self' blob: data:",
        `connect-src 'self' ws://${host}`,
        "frame-ancestors 'none'",
        "object-src 'none'",
      ]),
    );
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('strict-transport-security')).toBeNull();
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(response.headers.get('cache-control')).toBe('no-cache');
  });

  test('client-side routes get the app; missing files are 404', async () => {
    const route = await fetch(`${url}/settings?tab=sessions`);
    expect(route.status).toBe(200);
    expect(await route.text()).toBe(INDEX);
    expect((await fetch(`${url}/assets/index-gone.js`)).status).toBe(404);
    expect((await fetch(`${url}/robots.txt`)).status).toBe(404);
    expect((await fetch(`${url}/settings`, { method: 'POST' })).status).toBe(404);
  });

  test('hashed assets are cached for a year, other files revalidated', async () => {
    const asset = await fetch(`${url}/assets/index-Ab12Cd34.js`);
    expect(await asset.text()).toBe(ASSET);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const icon = await fetch(`${url}/favicon.svg`);
    expect(icon.headers.get('cache-control')).toBe('no-cache');
  });

  test('proxies /trpc and /media with Origin and Host kept and the client address forwarded', async () => {
    received.length = 0;
    const origin = url;
    const trpc = await fetch(`${url}/trpc/auth.refresh`, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(await trpc.json()).toEqual({ ok: true });
    const media = await fetch(`${url}/media/avatars/abc-96.webp`);
    expect(media.status).toBe(200);
    // An upload goes to `/media` itself, its body passed on whole.
    const upload = await fetch(`${url}/media?kind=file&name=notes.txt`, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/octet-stream' },
      body: new Uint8Array(300_000),
    });
    expect(upload.status).toBe(200);

    expect(received.map((r) => [r.url, r.bytes])).toEqual([
      ['/trpc/auth.refresh', 2],
      ['/media/avatars/abc-96.webp', 0],
      ['/media?kind=file&name=notes.txt', 300_000],
    ]);
    const [first] = received;
    expect(first?.headers.origin).toBe(origin);
    expect(first?.headers.host).toBe(new URL(url).host);
    expect(first?.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(first?.headers['x-forwarded-proto']).toBe('http');
  });

  test('a path that only starts like the API is the app, not the API', async () => {
    received.length = 0;
    expect(await (await fetch(`${url}/trpcx`)).text()).toBe(INDEX);
    expect(await (await fetch(`${url}/mediax`)).text()).toBe(INDEX);
    expect(received).toEqual([]);
  });

  test('WebSocket upgrades on /trpc reach the API; other paths are refused', async () => {
    received.length = 0;
    const socket = new WebSocket(`${url.replace('http', 'ws')}/trpc`, { origin: url });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    socket.send('hello');
    const reply = await new Promise<string>((resolve) =>
      socket.once('message', (data) => resolve(String(data))),
    );
    expect(reply).toBe('echo hello');
    expect(received[0]?.headers.origin).toBe(url);
    expect(received[0]?.headers['x-forwarded-for']).toBe('127.0.0.1');
    socket.close();

    const stray = new WebSocket(`${url.replace('http', 'ws')}/elsewhere`);
    await expect(
      new Promise((resolve, reject) => stray.once('open', resolve).once('error', reject)),
    ).rejects.toThrow();
  });
});

describe('web server when the API is down', () => {
  test('answers API paths with a gateway error, so the app retries instead of signing out', async () => {
    const [web, url] = await startWeb({ apiUrl: new URL('http://127.0.0.1:9'), tls: null });
    try {
      const response = await fetch(`${url}/trpc/auth.refresh`, { method: 'POST' });
      expect(response.status).toBe(504); // http-proxy-middleware's answer to ECONNREFUSED
    } finally {
      await web.close();
    }
  });
});

describe('web server over HTTPS', () => {
  test('adds HSTS and wss:, and trusts its own certificate on an HTTPS API', async () => {
    const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
      keySize: 2048,
      algorithm: 'sha256',
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
    });
    const tls = { cert: Buffer.from(pems.cert), key: Buffer.from(pems.private) };
    const api = createHttpsServer(tls, (req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(`{"url":"${req.url}"}`);
    });
    const apiHost = await listenOn(api);
    const [web, url] = await startWeb({ apiUrl: new URL(`https://${apiHost}`), tls });
    try {
      const page = await httpsGet(`${url}/`, pems.cert);
      expect(page.status).toBe(200);
      expect(page.headers['strict-transport-security']).toBe('max-age=31536000');
      expect(page.headers['content-security-policy']).toContain(
        `connect-src 'self' wss://${new URL(url).host}`,
      );
      const proxied = await httpsGet(`${url}/media/avatars/x-96.webp`, pems.cert);
      expect(proxied.status).toBe(200);
      expect(proxied.body).toBe('{"url":"/media/avatars/x-96.webp"}');
    } finally {
      await web.close();
      api.closeAllConnections();
      await new Promise((resolve) => api.close(resolve));
    }
  });
});

function httpsGet(url: string, ca: string) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: string }>(
    (resolve, reject) => {
      httpsRequest(url, { ca }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      })
        .on('error', reject)
        .end();
    },
  );
}
