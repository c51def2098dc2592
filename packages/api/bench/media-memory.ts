// npm run bench:media — the API's memory while a 200 MB video goes up and comes back down.
//
// Starts the API (src/main.ts, production configuration; PGlite, or PostgreSQL when DATABASE_URL is
// set) in a child process with local storage in a fresh data folder, signs up two users, uploads a
// 200 MB MP4-typed stream (the fixture clip's bytes, then padding: the type is sniffed from the head),
// sends it, and downloads it through its ticket URL (decrypted on the way out). The child's RSS is
// sampled from /proc throughout (Linux). The same transfer through a bare HTTP server that only
// pipes to a file and back is the baseline. The last line printed is the JSON result.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MB = 1024 * 1024;
const TOTAL_BYTES = 200 * MB;
const SAMPLE_MS = 20;
const packageDir = fileURLToPath(new URL('..', import.meta.url));

interface Child {
  process: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

/** Starts a TypeScript entry point in its own Node process; resolves with the URL it prints. */
function startChild(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: packageDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (data: Buffer) => {
      output += data.toString();
      const url = /listening on (http:\/\/[^\s)]+)/i.exec(output)?.[1];
      if (url) {
        child.stdout!.off('data', onData);
        resolve({
          process: child,
          url,
          stop: () =>
            new Promise((done) => {
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (data: Buffer) => (output += data.toString()));
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}):\n${output}`)));
  });
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

interface RssSample {
  before: number;
  peak: number;
}

/** Runs `work` while sampling the process's RSS: the RSS just before, and its peak during. */
async function sampleRss(pid: number, work: () => Promise<void>): Promise<RssSample> {
  const before = await rssOf(pid);
  let peak = before;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, await rssOf(pid));
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
    }
  })();
  try {
    await work();
  } finally {
    sampling = false;
    await sampler;
  }
  return { before, peak };
}

/** The video-like body: a real MP4 head, then padding up to TOTAL_BYTES, written with backpressure. */
async function writeBody(req: http.ClientRequest, head: Buffer) {
  const padding = randomBytes(MB);
  req.write(head);
  for (let sent = head.length; sent < TOTAL_BYTES;) {
    const piece = padding.subarray(0, Math.min(MB, TOTAL_BYTES - sent));
    sent += piece.length;
    if (!req.write(piece)) await new Promise((resolve) => req.once('drain', resolve));
  }
  req.end();
}

function post(url: string, headers: http.OutgoingHttpHeaders, head: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', headers: { ...headers, 'content-length': String(TOTAL_BYTES) } },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () =>
          res.statusCode === 201
            ? resolve(body)
            : reject(new Error(`upload: ${res.statusCode} ${body}`)),
        );
      },
    );
    req.on('error', reject);
    writeBody(req, head).catch(reject);
  });
}

/** Downloads and drops the body; checks its length and that it starts with `head`. */
function get(url: string, head: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let length = 0;
        let first: Buffer | null = null;
        res.on('data', (chunk: Buffer) => {
          first ??= chunk.subarray(0, 16);
          length += chunk.length;
        });
        res.on('end', () => {
          if (
            res.statusCode !== 200 ||
            length !== TOTAL_BYTES ||
            !head.subarray(0, 16).equals(first!)
          ) {
            reject(new Error(`download: ${res.statusCode}, ${length} bytes`));
          } else resolve();
        });
      })
      .on('error', reject);
  });
}

async function trpc<T>(base: string, procedure: string, input: unknown, token?: string) {
  const response = await fetch(`${base}/trpc/${procedure}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as { result?: { data: T }; error?: unknown };
  if (!body.result) throw new Error(`${procedure}: ${JSON.stringify(body.error)}`);
  return body.result.data;
}

async function measureParley(dataDir: string, head: Buffer): Promise<RssSample> {
  const api = await startChild('src/main.ts', [], {
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    LOG_LEVEL: 'error',
    STORAGE: 'local',
  });
  try {
    const password = 'correct horse battery';
    const signUp = (username: string) =>
      trpc<{ accessToken: string }>(api.url, 'auth.register', {
        username,
        password,
        displayName: username,
      });
    // Fresh names, so runs against one PostgreSQL database do not collide.
    const run = randomBytes(4).toString('hex');
    const { accessToken: token } = await signUp(`bench_sender_${run}`);
    await signUp(`bench_reader_${run}`);
    const { id } = await trpc<{ id: string }>(
      api.url,
      'conversations.openDirect',
      { username: `bench_reader_${run}` },
      token,
    );
    const pid = api.process.pid!;
    return await sampleRss(pid, async () => {
      const { attachment } = JSON.parse(
        await post(
          `${api.url}/media?kind=video&name=bench.mp4`,
          { authorization: `Bearer ${token}` },
          head,
        ),
      ) as { attachment: unknown };
      const sent = await trpc<{ attachments: { url: string }[] }>(
        api.url,
        'messages.send',
        { conversationId: id, clientMessageId: randomUUID(), text: '', attachments: [attachment] },
        token,
      );
      await get(new URL(sent.attachments[0]!.url, api.url).toString(), head);
    });
  } finally {
    await api.stop();
  }
}

async function measureBaseline(dataDir: string, head: Buffer): Promise<RssSample> {
  const server = await startChild('bench/bare-file-server.ts', [dataDir], {});
  try {
    return await sampleRss(server.process.pid!, async () => {
      await post(`${server.url}/upload`, {}, head);
      await get(`${server.url}/download`, head);
    });
  } finally {
    await server.stop();
  }
}

const head = await readFile(path.join(packageDir, 'src/test/fixtures/clip.mp4'));
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'parley-bench-media-'));
try {
  const parley = await measureParley(path.join(dataDir, 'api'), head);
  const baseline = await measureBaseline(dataDir, head);
  const toMB = (bytes: number) => Math.round((bytes / MB) * 10) / 10;
  const growth = (s: RssSample) => s.peak - s.before;
  console.log(
    `200 MB video up and down: API RSS ${toMB(parley.before)} → peak ${toMB(parley.peak)} MB, ` +
      `growth ${toMB(growth(parley))} MB (target < 64 MB); bare pipe-to-file server ` +
      `${toMB(baseline.before)} → ${toMB(baseline.peak)} MB, growth ${toMB(growth(baseline))} MB`,
  );
  console.log(
    JSON.stringify({
      mediaRssGrowthMB: toMB(growth(parley)),
      baselineRssGrowthMB: toMB(growth(baseline)),
      ratio: Math.round((growth(parley) / Math.max(growth(baseline), MB)) * 100) / 100,
      apiRssBeforeMB: toMB(parley.before),
      apiRssPeakMB: toMB(parley.peak),
      targetMB: 64,
      database: process.env.DATABASE_URL ? 'postgres' : 'pglite',
    }),
  );
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
