// tRPC's WebSocket protocol (what @trpc/client's wsLink speaks), served with little state per
// connection. tRPC's own adapter (applyWSSHandler) keeps about 11 KB for each idle connection with a
// subscription (closures per connection, two AbortControllers, promise races, the upgrade request):
// over four times what the socket itself costs. Here a connection is one small object; listeners and
// timers are shared, and a subscription is stopped by calling return() on its iterator.
import type { IncomingMessage } from 'node:http';
import {
  callTRPCProcedure,
  getTRPCErrorFromUnknown,
  getTRPCErrorShape,
  isTrackedEnvelope,
  TRPCError,
  type AnyTRPCRouter,
} from '@trpc/server';
import { parseTRPCMessage, type TRPCRequestMessage } from '@trpc/server/rpc';
import type { RawData, WebSocket, WebSocketServer } from 'ws';

type RequestId = number | string;
/** A procedure call (its id checked). */
type CallMessage = TRPCRequestMessage & { id: RequestId };
/** What an error about a call is reported with. */
interface Call {
  id: RequestId;
  jsonrpc: '2.0' | undefined;
  type: TRPCRequestMessage['method'];
  path: string;
  input: unknown;
}
export type ConnectionParams = Record<string, string>;

const KEEPALIVE_MS = 30_000;
const CLOSE_EXPIRED = 4001;

export interface TrpcSocketsOptions<TContext> {
  router: AnyTRPCRouter;
  /**
   * The context of a connection, from its upgrade request and the params it sent first (null if it
   * sent none); throwing refuses the connection. Built once: calls on the connection share it.
   */
  createContext(
    socket: WebSocket,
    request: IncomingMessage,
    params: ConnectionParams | null,
  ): TContext;
  /** When the connection is closed because its credentials expire, in ms since the epoch. */
  expiresAt(context: TContext): number;
  onError(error: TRPCError, path: string | undefined): void;
  /**
   * How often every connection is pinged; one that sent nothing (not even the pong) since the last
   * ping is ended. 30 s by default.
   */
  keepAliveMs?: number;
}

class Connection<TContext> {
  /** Kept only until the context is built. */
  request: IncomingMessage | null;
  context: TContext | undefined = undefined;
  /** Live subscriptions by request id: made on the first, most connections hold one. */
  subscriptions: Map<RequestId, AsyncIterator<unknown>> | null = null;
  /** Heard from since the last keep-alive sweep. */
  alive = true;
  expiry: NodeJS.Timeout | null = null;

  constructor(request: IncomingMessage) {
    this.request = request;
  }
}

const isAsyncIterable = (value: unknown): value is AsyncIterable<unknown> =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === 'function';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function ignore() {}

function closeExpired(socket: WebSocket) {
  socket.close(CLOSE_EXPIRED, 'Access token expired');
}

/** Ends an iterator without waiting; a failure to clean up is not the client's concern. */
function end(iterator: AsyncIterator<unknown>) {
  void Promise.resolve(iterator.return?.()).catch(() => {});
}

export class TrpcSockets<TContext> {
  private readonly connections = new WeakMap<WebSocket, Connection<TContext>>();
  private readonly keepAlive: NodeJS.Timeout;
  // One function each for every connection (ws calls them with the socket as `this`).
  private readonly onMessage: (this: WebSocket, data: RawData, isBinary: boolean) => void;
  private readonly onPong: (this: WebSocket) => void;
  private readonly onClose: (this: WebSocket) => void;

  constructor(
    private readonly wss: WebSocketServer,
    private readonly options: TrpcSocketsOptions<TContext>,
  ) {
    const connections = this.connections;
    const message = (socket: WebSocket, data: RawData, isBinary: boolean) =>
      this.message(socket, data, isBinary);
    this.onMessage = function (data, isBinary) {
      message(this, data, isBinary);
    };
    this.onPong = function () {
      const connection = connections.get(this);
      if (connection) connection.alive = true;
    };
    this.onClose = function () {
      const connection = connections.get(this);
      if (!connection) return;
      connections.delete(this);
      if (connection.expiry) clearTimeout(connection.expiry);
      for (const iterator of connection.subscriptions?.values() ?? []) end(iterator);
      connection.subscriptions = null;
    };
    wss.on('connection', (socket, request) => this.accept(socket, request));
    this.keepAlive = setInterval(() => this.sweep(), options.keepAliveMs ?? KEEPALIVE_MS);
    this.keepAlive.unref();
  }

  /** Stops the keep-alive and asks every client to reconnect (elsewhere, or here after a restart). */
  shutDown(): void {
    clearInterval(this.keepAlive);
    const notice = JSON.stringify({ id: null, method: 'reconnect' });
    for (const socket of this.wss.clients) {
      if (socket.readyState === socket.OPEN) socket.send(notice);
    }
  }

  private accept(socket: WebSocket, request: IncomingMessage) {
    const connection = new Connection<TContext>(request);
    this.connections.set(socket, connection);
    socket.on('message', this.onMessage);
    socket.on('pong', this.onPong);
    socket.on('close', this.onClose);
    // A client breaking the protocol (a frame over maxPayload, bad UTF-8): ws closes its connection
    // itself, and without a listener the error would end the process.
    socket.on('error', ignore);
    // tRPC clients with connection params say so in the URL and send them as the first message.
    const withParams =
      new URL(request.url ?? '/', 'http://localhost').searchParams.get('connectionParams') === '1';
    if (!withParams) this.open(socket, connection, () => null);
  }

  private sweep() {
    for (const socket of this.wss.clients) {
      const connection = this.connections.get(socket);
      if (!connection) continue;
      if (!connection.alive) {
        socket.terminate();
        continue;
      }
      connection.alive = false;
      socket.ping();
    }
  }

  /** Builds the context from the params `readParams` gives; a failure refuses the connection. */
  private open(
    socket: WebSocket,
    connection: Connection<TContext>,
    readParams: () => ConnectionParams | null,
  ) {
    const request = connection.request!;
    connection.request = null;
    try {
      const context = this.options.createContext(socket, request, readParams());
      connection.context = context;
      connection.expiry = setTimeout(
        closeExpired,
        this.options.expiresAt(context) - Date.now(),
        socket,
      );
      connection.expiry.unref();
    } catch (cause) {
      this.connections.delete(socket);
      this.fail(socket, connection, cause);
      socket.close();
    }
  }

  private message(socket: WebSocket, data: RawData, isBinary: boolean) {
    const connection = this.connections.get(socket);
    if (!connection) return;
    connection.alive = true;
    const text = isBinary ? null : data.toString();
    if (text === 'PING') {
      socket.send('PONG');
      return;
    }
    if (text === 'PONG') return;
    if (connection.request) {
      this.open(socket, connection, () => connectionParams(parseJson(text)));
      return;
    }
    let messages: ReturnType<typeof parseTRPCMessage>[];
    try {
      const parsed = parseJson(text);
      const { transformer } = this.options.router._def._config;
      messages = (Array.isArray(parsed) ? parsed : [parsed]).map((m) =>
        parseTRPCMessage(m, transformer),
      );
    } catch (cause) {
      const error =
        cause instanceof TRPCError
          ? cause
          : new TRPCError({ code: 'PARSE_ERROR', message: (cause as Error).message, cause });
      this.fail(socket, connection, error);
      return;
    }
    messages.forEach((message, index) => {
      if (message.id === null) {
        const error = new TRPCError({ code: 'PARSE_ERROR', message: '`id` is required' });
        this.fail(socket, connection, error);
      } else if (message.method === 'subscription.stop') {
        this.stop(socket, connection, message.id);
      } else {
        void this.call(socket, connection, message as CallMessage, index);
      }
    });
  }

  private stop(socket: WebSocket, connection: Connection<TContext>, id: RequestId) {
    const iterator = connection.subscriptions?.get(id);
    if (!iterator) return;
    connection.subscriptions!.delete(id);
    end(iterator);
    this.send(socket, { id, result: { type: 'stopped' } });
  }

  private async call(
    socket: WebSocket,
    connection: Connection<TContext>,
    message: CallMessage,
    batchIndex: number,
  ) {
    const { id, jsonrpc, method: type } = message;
    const { path, lastEventId } = message.params;
    let { input } = message.params;
    // tRPC clients resend the id of the last tracked item they got; the procedure reads it from its input.
    if (lastEventId !== undefined) {
      input = isPlainObject(input) ? { ...input, lastEventId } : (input ?? { lastEventId });
    }
    const call: Call = { id, jsonrpc, type, path, input };
    try {
      const result: unknown = await callTRPCProcedure({
        router: this.options.router,
        path,
        getRawInput: () => Promise.resolve(input),
        ctx: connection.context,
        type,
        signal: undefined,
        batchIndex,
      });
      if (type !== 'subscription') {
        if (isAsyncIterable(result)) {
          throw new TRPCError({
            code: 'UNSUPPORTED_MEDIA_TYPE',
            message: `A ${type} cannot return an async iterable`,
          });
        }
        this.send(socket, { id, jsonrpc, result: { type: 'data', data: this.serialize(result) } });
        return;
      }
      if (!isAsyncIterable(result)) {
        throw new TRPCError({
          code: 'INTERNAL_SERVER_ERROR',
          message: `Subscription ${path} did not return an async iterable`,
        });
      }
      const iterator = result[Symbol.asyncIterator]();
      // Closed while the procedure ran: nobody will stop this subscription, so end it here.
      if (this.connections.get(socket) !== connection) {
        end(iterator);
        return;
      }
      if (connection.subscriptions?.has(id)) {
        end(iterator);
        throw new TRPCError({ code: 'BAD_REQUEST', message: `Duplicate subscription id ${id}` });
      }
      (connection.subscriptions ??= new Map()).set(id, iterator);
      this.send(socket, { id, jsonrpc, result: { type: 'started' } });
      void this.forward(socket, connection, call, iterator);
    } catch (cause) {
      this.fail(socket, connection, cause, call);
    }
  }

  /** Sends a subscription's items until it ends or is stopped (by the client or the socket closing). */
  private async forward(
    socket: WebSocket,
    connection: Connection<TContext>,
    call: Call,
    iterator: AsyncIterator<unknown>,
  ) {
    const { id, jsonrpc } = call;
    try {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        if (connection.subscriptions?.get(id) !== iterator) return;
        const item: unknown = next.value;
        this.send(socket, {
          id,
          jsonrpc,
          result: isTrackedEnvelope(item)
            ? { type: 'data', id: item[0], data: { id: item[0], data: this.serialize(item[1]) } }
            : { type: 'data', data: this.serialize(item) },
        });
      }
    } catch (cause) {
      if (connection.subscriptions?.get(id) !== iterator) return;
      connection.subscriptions.delete(id);
      end(iterator);
      this.fail(socket, connection, cause, call);
      return;
    }
    if (connection.subscriptions?.get(id) !== iterator) return;
    connection.subscriptions.delete(id);
    this.send(socket, { id, jsonrpc, result: { type: 'stopped' } });
  }

  /** Reports an error to the client: about one call, or (without `call`) about the connection. */
  private fail(socket: WebSocket, connection: Connection<TContext>, cause: unknown, call?: Call) {
    const error = getTRPCErrorFromUnknown(cause);
    this.options.onError(error, call?.path);
    const shape = getTRPCErrorShape({
      config: this.options.router._def._config,
      error,
      type: call?.type ?? 'unknown',
      path: call?.path,
      input: call?.input,
      ctx: connection.context,
    });
    this.send(socket, {
      id: call?.id ?? null,
      jsonrpc: call?.jsonrpc,
      error: this.serialize(shape),
    });
  }

  private serialize(value: unknown): unknown {
    return this.options.router._def._config.transformer.output.serialize(value);
  }

  private send(socket: WebSocket, message: object) {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  }
}

function parseJson(text: string | null): unknown {
  try {
    if (text === null) throw new Error('Binary messages are not accepted');
    return JSON.parse(text);
  } catch (cause) {
    throw new TRPCError({ code: 'PARSE_ERROR', message: 'Messages must be JSON text', cause });
  }
}

/** The first message of a client that announced params: `{ method: 'connectionParams', data }`. */
function connectionParams(message: unknown): ConnectionParams | null {
  const data = isPlainObject(message) ? message.data : undefined;
  if (data === null) return null;
  if (!isPlainObject(data) || Object.values(data).some((v) => typeof v !== 'string')) {
    throw new TRPCError({
      code: 'PARSE_ERROR',
      message: 'Connection params must be an object of strings',
    });
  }
  return data as ConnectionParams;
}
