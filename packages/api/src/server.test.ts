import type { IncomingMessage } from 'node:http';
import https from 'node:https';
import { generate } from 'selfsigned';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, signedUp, testClient, wsTestClient } from './test/client.js';
import { startTestApi, TEST_ORIGIN, type TestApi } from './test/harness.js';

describe('API server (PGlite)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi('pglite');
  });
  afterAll(() => api.close());

  it('answers /healthz and tags responses with a request id', async () => {
    const response = await fetch(`${api.url}/healthz`, { headers: { 'x-request-id': 'trace-42' } });
    expect(await response.json()).toEqual({ ok: true });
    expect(response.headers.get('x-request-id')).toBe('trace-42');
    const other = await fetch(`${api.url}/healthz`);
    expect(other.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a tRPC call from a foreign Origin', async () => {
    const response = await fetch(`${api.url}/trpc/auth.refresh`, {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
    });
    expect(response.status).toBe(403);
  });

  it('reports bad input with the field path', async () => {
    const result = await failure(
      testClient(api.url).trpc.auth.register.mutate({
        username: 'ok_name',
        password: 'short',
        displayName: 'Fine',
      }),
    );
    expect(result).toMatchObject({ code: 'BAD_REQUEST', status: 400, data: { field: 'password' } });
    expect(result.message).toMatch(/password: Password must be at least 8 characters/);
  });

  describe('WebSocket', () => {
    it('serves procedures to a connection that authenticated with its access token', async () => {
      const { client, user } = await signedUp(api.url, 'socket_user');
      const ws = wsTestClient(api.url, client.token);
      try {
        expect((await ws.trpc.profile.me.query()).id).toBe(user.id);
      } finally {
        await ws.close();
      }
    });

    it('refuses a connection without a valid token', async () => {
      for (const token of [null, 'not-a-jwt']) {
        const ws = wsTestClient(api.url, token);
        try {
          await expect(ws.trpc.profile.me.query()).rejects.toThrow();
        } finally {
          await ws.close();
        }
      }
    });

    it('refuses the handshake from a foreign Origin', async () => {
      const status = await new Promise<number>((resolve, reject) => {
        const socket = new WebSocket(`${api.url.replace('http', 'ws')}/trpc`, {
          headers: { origin: 'https://evil.example' },
        });
        socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        socket.on('open', () => reject(new Error('handshake accepted')));
        socket.on('error', () => {});
      });
      expect(status).toBe(403);
    });
  });
});

describe('API server over HTTPS', () => {
  let api: TestApi;
  let ca: string;
  beforeAll(async () => {
    const pem = await generate([{ name: 'commonName', value: 'localhost' }], {
      keyType: 'ec',
      algorithm: 'sha256',
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
    });
    ca = pem.cert;
    api = await startTestApi('pglite', {
      tls: { cert: Buffer.from(pem.cert), key: Buffer.from(pem.private) },
      allowedOrigins: ['https://localhost:3000'],
    });
  });
  afterAll(() => api.close());

  it('sends HSTS and a Secure refresh cookie', async () => {
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const body = JSON.stringify({
        username: 'tls_user',
        password: 'long enough pw',
        displayName: 'T',
      });
      const req = https.request(
        `${api.url}/trpc/auth.register`,
        { method: 'POST', ca, headers: { 'content-type': 'application/json' } },
        resolve,
      );
      req.on('error', reject);
      req.end(body);
    });
    response.resume();
    expect(api.url).toMatch(/^https:/);
    expect(response.statusCode).toBe(200);
    expect(response.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(response.headers['set-cookie']?.[0]).toMatch(/; Secure/);
  });

  it('accepts wss:// from an allowed origin', async () => {
    const opened = await new Promise<boolean>((resolve) => {
      const socket = new WebSocket(`${api.url.replace('https', 'wss')}/trpc`, {
        ca,
        headers: { origin: 'https://localhost:3000' },
      });
      socket.on('open', () => {
        socket.close();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    expect(opened).toBe(true);
    expect(TEST_ORIGIN).not.toBe('https://localhost:3000');
  });
});
