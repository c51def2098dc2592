import type { AddressInfo } from 'node:net';
import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import { initTRPC, tracked, TRPCError } from '@trpc/server';
import { WebSocket, WebSocketServer } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TrpcSockets } from './trpc-sockets.js';

const t = initTRPC.context<{ user: string; expiresAt: number }>().create();

/** A subscription that yields nothing until stopped; `ended` settles when it is. */
function idleIterator() {
  let stop = () => {};
  const ended = new Promise<void>((resolve) => (stop = resolve));
  const iterator: AsyncIterableIterator<never> = {
    [Symbol.asyncIterator]: () => iterator,
    next: () => new Promise(() => {}),
    return: () => {
      stop();
      return Promise.resolve({ done: true, value: undefined });
    },
  };
  return { iterator, ended };
}

let idle = idleIterator();

const router = t.router({
  hello: t.procedure.query(({ ctx }) => `hello ${ctx.user}`),
  refused: t.procedure.query(() => {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'Not yours' });
  }),
  count: t.procedure
    .input(z.object({ to: z.number(), lastEventId: z.string().nullish() }))
    .subscription(async function* ({ input }) {
      for (let i = Number(input.lastEventId ?? 0) + 1; i <= input.to; i++) {
        yield tracked(String(i), { i });
      }
    }),
  breaks: t.procedure.subscription(async function* () {
    yield 'first';
    throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: 'Too far behind' });
  }),
  idle: t.procedure.subscription(() => idle.iterator),
});

const sockets: { wss: WebSocketServer; handler: TrpcSockets<unknown> }[] = [];

async function serve(options: { keepAliveMs?: number; lifetimeMs?: number } = {}) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 1024 });
  await new Promise((resolve) => wss.once('listening', resolve));
  const handler = new TrpcSockets(wss, {
    router,
    createContext: (_socket, _request, params) => {
      if (params?.token !== 'good') throw new TRPCError({ code: 'UNAUTHORIZED', message: 'No' });
      return { user: 'ann', expiresAt: Date.now() + (options.lifetimeMs ?? 60_000) };
    },
    expiresAt: (ctx) => ctx.expiresAt,
    onError: () => {},
    keepAliveMs: options.keepAliveMs,
  });
  sockets.push({ wss, handler: handler as TrpcSockets<unknown> });
  return { url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, handler };
}

afterEach(async () => {
  for (const { wss, handler } of sockets.splice(0)) {
    handler.shutDown();
    for (const client of wss.clients) client.terminate();
    await new Promise((resolve) => wss.close(resolve));
  }
  idle = idleIterator();
});

/** A raw client speaking the protocol by hand; `next()` gives the server's messages in order. */
async function rawClient(
  url: string,
  params: unknown = { method: 'connectionParams', data: { token: 'good' } },
  options: { autoPong?: boolean } = {},
) {
  const socket = new WebSocket(`${url}/?connectionParams=1`, options);
  const inbox: string[] = [];
  let wake = () => {};
  socket.on('message', (data) => {
    inbox.push(String(data));
    wake();
  });
  const closed = new Promise<number>((resolve) => socket.once('close', resolve));
  await new Promise((resolve) => socket.once('open', resolve));
  socket.send(typeof params === 'string' ? params : JSON.stringify(params));
  return {
    socket,
    closed,
    send: (message: unknown) => socket.send(JSON.stringify(message)),
    async next(): Promise<{ id?: unknown; result?: unknown; error?: { message: string } }> {
      while (inbox.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const text = inbox.shift()!;
      return text === 'PONG' ? { result: text } : JSON.parse(text);
    },
  };
}

const errorOf = (message: { error?: { message: string; data?: unknown } }) => ({
  message: message.error?.message,
  code: (message.error?.data as { code?: string } | undefined)?.code,
});

describe('tRPC over WebSocket', () => {
  it("serves a tRPC client's queries and subscriptions, resuming from lastEventId", async () => {
    const { url } = await serve();
    const client = createWSClient({
      url: `${url}/`,
      WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
      connectionParams: { token: 'good' },
    });
    try {
      const trpc = createTRPCClient<typeof router>({ links: [wsLink({ client })] });
      expect(await trpc.hello.query()).toBe('hello ann');
      await expect(trpc.refused.query()).rejects.toMatchObject({
        message: 'Not yours',
        data: { code: 'FORBIDDEN' },
      });
      const items = await new Promise<unknown[]>((resolve, reject) => {
        const got: unknown[] = [];
        trpc.count.subscribe(
          { to: 4, lastEventId: '1' },
          { onData: (item) => got.push(item), onComplete: () => resolve(got), onError: reject },
        );
      });
      expect(items).toEqual([
        { id: '2', data: { i: 2 } },
        { id: '3', data: { i: 3 } },
        { id: '4', data: { i: 4 } },
      ]);
    } finally {
      await client.close();
    }
  });

  it('ends a subscription when the client stops it and when the socket closes', async () => {
    const { url } = await serve();
    const client = await rawClient(url);
    client.send({ id: 1, method: 'subscription', params: { path: 'idle', input: null } });
    expect(await client.next()).toEqual({ id: 1, result: { type: 'started' } });
    client.send({ id: 1, method: 'subscription.stop' });
    await idle.ended;
    expect(await client.next()).toEqual({ id: 1, result: { type: 'stopped' } });

    idle = idleIterator();
    client.send({ id: 2, method: 'subscription', params: { path: 'idle', input: null } });
    expect(await client.next()).toEqual({ id: 2, result: { type: 'started' } });
    client.socket.terminate();
    await idle.ended;
  });

  it('answers each call of a batch, and reports bad messages and failing streams', async () => {
    const { url } = await serve();
    const client = await rawClient(url);
    client.send([
      { id: 'a', method: 'query', params: { path: 'hello', input: null } },
      { id: 'b', method: 'query', params: { path: 'nowhere', input: null } },
    ]);
    const answers = [await client.next(), await client.next()];
    expect(answers.find((m) => m.id === 'a')).toEqual({
      id: 'a',
      result: { type: 'data', data: 'hello ann' },
    });
    expect(errorOf(answers.find((m) => m.id === 'b')!)).toMatchObject({ code: 'NOT_FOUND' });

    client.socket.send('{ not json');
    expect(await client.next()).toMatchObject({
      id: null,
      error: { message: 'Messages must be JSON text' },
    });
    client.socket.send(Buffer.from('{}'), { binary: true });
    expect(errorOf(await client.next())).toMatchObject({ code: 'PARSE_ERROR' });
    client.send({ id: null, method: 'query', params: { path: 'hello', input: null } });
    expect(errorOf(await client.next())).toEqual({
      message: '`id` is required',
      code: 'PARSE_ERROR',
    });
    client.send({ id: 3, method: 'delete', params: { path: 'hello', input: null } });
    expect(errorOf(await client.next())).toEqual({
      message: 'Invalid procedure type',
      code: 'PARSE_ERROR',
    });

    client.send({ id: 4, method: 'subscription', params: { path: 'idle', input: null } });
    expect(await client.next()).toEqual({ id: 4, result: { type: 'started' } });
    client.send({ id: 4, method: 'subscription', params: { path: 'idle', input: null } });
    expect(errorOf(await client.next())).toEqual({
      message: 'Duplicate subscription id 4',
      code: 'BAD_REQUEST',
    });

    client.send({ id: 5, method: 'subscription', params: { path: 'breaks', input: null } });
    expect(await client.next()).toEqual({ id: 5, result: { type: 'started' } });
    expect(await client.next()).toEqual({ id: 5, result: { type: 'data', data: 'first' } });
    expect(await client.next()).toMatchObject({
      id: 5,
      error: { message: 'Too far behind', data: { code: 'TOO_MANY_REQUESTS' } },
    });
    client.socket.send('PING');
    expect(await client.next()).toEqual({ result: 'PONG' });
    client.socket.close();
  });

  it('closes a connection that breaks the WebSocket protocol, and serves the others', async () => {
    const { url } = await serve();
    const other = await rawClient(url);
    const offender = await rawClient(url);
    offender.socket.send('x'.repeat(2_000));
    expect(await offender.closed).toBe(1009);
    other.send({ id: 1, method: 'query', params: { path: 'hello', input: null } });
    expect(await other.next()).toEqual({ id: 1, result: { type: 'data', data: 'hello ann' } });
    other.socket.close();
  });

  it('refuses a connection whose params are malformed or refused, and closes it', async () => {
    const { url } = await serve();
    for (const [params, expected] of [
      ['not json', { message: 'Messages must be JSON text', code: 'PARSE_ERROR' }],
      [
        { method: 'connectionParams', data: { token: 1 } },
        { message: 'Connection params must be an object of strings', code: 'PARSE_ERROR' },
      ],
      [
        { method: 'connectionParams', data: { token: 'bad' } },
        { message: 'No', code: 'UNAUTHORIZED' },
      ],
    ] as const) {
      const client = await rawClient(url, params);
      expect(errorOf(await client.next())).toEqual(expected);
      expect(await client.closed).toBe(1005);
    }
  });

  it('ends a connection when its credentials expire', async () => {
    const { url } = await serve({ lifetimeMs: 50 });
    const client = await rawClient(url);
    expect(await client.closed).toBe(4001);
  });

  it('ends connections that stop answering pings, and keeps those that answer', async () => {
    const { url } = await serve({ keepAliveMs: 20 });
    const live = await rawClient(url);
    const dead = await rawClient(url, undefined, { autoPong: false });
    let pings = 0;
    live.socket.on('ping', () => pings++);
    expect(await dead.closed).toBe(1006);
    while (pings < 3) await new Promise((resolve) => live.socket.once('ping', resolve));
    expect(live.socket.readyState).toBe(WebSocket.OPEN);
    live.socket.close();
  });

  it('asks every client to reconnect when shutting down', async () => {
    const { url, handler } = await serve();
    const client = await rawClient(url);
    client.send({ id: 1, method: 'query', params: { path: 'hello', input: null } });
    await client.next();
    handler.shutDown();
    expect(await client.next()).toEqual({ id: null, method: 'reconnect' });
    client.socket.close();
  });
});
