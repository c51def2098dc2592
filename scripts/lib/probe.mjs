// Network checks of `npm start`: is a port already taken, and has a server begun to answer?
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

const POLL_MS = 250;

/** Resolves true when something accepts TCP connections on host:port. */
export function isPortInUse(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Resolves with the HTTP status of one GET, or null when nothing answered. */
function get(url) {
  const client = url.startsWith('https:') ? https : http;
  return new Promise((resolve) => {
    // This only asks whether our own child answers on loopback; judging its certificate is the
    // browser's job, and a self-made or LAN certificate may not name 127.0.0.1.
    const request = client.get(url, { rejectUnauthorized: false, timeout: 2_000 }, (response) => {
      response.resume();
      resolve(response.statusCode ?? null);
    });
    request.once('timeout', () => request.destroy());
    request.once('error', () => resolve(null));
  });
}

/**
 * Polls `url` until it answers with a success (2xx) or redirect (3xx); rejects after `timeoutMs`.
 * @param {string} url
 * @param {{ timeoutMs: number }} options
 */
export async function waitForHttp(url, { timeoutMs }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await get(url);
    if (status !== null && status >= 200 && status < 400) return;
    if (Date.now() > deadline) {
      throw new Error(
        `${url} did not answer within ${timeoutMs / 1000} s (last: ${status ?? 'no answer'})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
