// @parley/api/client: a typed Parley client for Node programs (bots, scripts, integrations).
import {
  createTRPCClient,
  createWSClient,
  httpLink,
  splitLink,
  TRPCClientError,
  wsLink,
  type TRPCClient,
} from '@trpc/client';
import { WebSocket } from 'ws';
import type { TEvent } from '../events/event-types.js';
import type { TAttachment, TFileRef } from '../media/attachment.js';
import type { AppRouter } from '../root.js';
import { cookieFetch } from './cookie-fetch.js';
import type { SdkMessage } from './open-sealed.js';
import { SdkDevice, type DeviceFileOptions } from './sdk-device.js';
import { downloadDecrypted, uploadEncrypted, type UploadOptions } from './sdk-files.js';
import { SealedMessages, type HistoryCursor, type SendOptions } from './sealed-messages.js';

export type { AppRouter } from '../root.js';
export type { TEvent } from '../events/event-types.js';
export type { DeviceFileOptions, SdkDevice } from './sdk-device.js';
export type { SdkMessage } from './open-sealed.js';
export type { UploadOptions } from './sdk-files.js';
export type { HistoryCursor, SendOptions } from './sealed-messages.js';
export type { TAttachment, TFileRef } from '../media/attachment.js';

export interface LiveEvent {
  /** Pass the last one seen as `lastEventId` to resume after it. */
  id: string;
  event: TEvent;
}

/** Live events as an async iterable; breaking out of a `for await` or `close()` ends it. */
export type EventStream = AsyncGenerator<LiveEvent> & { ready: Promise<void>; close(): void };

type AuthResult = {
  accessToken: string;
  accessTokenExpiresAt: string;
  sessionId: string;
  user: { id: string };
};

/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_MS = 60_000;

/**
 * Signs in (or registers) over HTTP, keeps the refresh cookie and a fresh access token, and exposes
 * every procedure through `trpc` (a call refused for an expired token is refreshed and retried once)
 * and the live event stream through `events()` over one WebSocket. Opened with a `deviceFile`, it
 * has its own Signal device: `send`, `messages` and `edit` seal and open content here, end to end.
 */
export class ParleyClient {
  readonly trpc: TRPCClient<AppRouter>;
  private readonly http: ReturnType<typeof cookieFetch>;
  private readonly ws: ReturnType<typeof createWSClient>;
  private auth: AuthResult | null = null;
  private refreshing: Promise<void> | null = null;
  private sdkDevice: SdkDevice | null = null;
  private sealed: SealedMessages | null = null;

  private constructor(private readonly url: string) {
    this.http = cookieFetch();
    const trpcUrl = `${url}/trpc`;
    this.ws = createWSClient({
      url: trpcUrl.replace(/^http/, 'ws'),
      WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
      lazy: { enabled: true, closeMs: 0 },
      connectionParams: async () => ({ token: await this.accessToken() }),
      // Jittered backoff, so clients do not all come back at the same instant after a restart.
      retryDelayMs: (attempt) => Math.min(30_000, 500 * 2 ** attempt) * (0.5 + Math.random()),
    });
    this.trpc = createTRPCClient<AppRouter>({
      links: [
        splitLink({
          condition: (op) => op.type === 'subscription',
          true: wsLink({ client: this.ws }),
          false: httpLink({ url: trpcUrl, fetch: (input, init) => this.authedFetch(input, init) }),
        }),
      ],
    });
  }

  /** Signs in; with `device`, opens (or makes and registers) this program's device in that file. */
  static async signIn(
    url: string,
    credentials: { username: string; password: string },
    device?: DeviceFileOptions,
  ) {
    const client = new ParleyClient(url);
    client.auth = await client.trpc.auth.signIn.mutate(credentials);
    return client.withDevice(device);
  }

  static async register(
    url: string,
    account: { username: string; password: string; displayName: string },
    device?: DeviceFileOptions,
  ) {
    const client = new ParleyClient(url);
    client.auth = await client.trpc.auth.register.mutate(account);
    return client.withDevice(device);
  }

  private async withDevice(options: DeviceFileOptions | undefined): Promise<this> {
    if (!options) return this;
    try {
      this.sdkDevice = await SdkDevice.open(this.trpc, this.userId, options);
      this.sealed = new SealedMessages(this.trpc, this.sdkDevice, this.userId);
    } catch (error) {
      await this.close();
      throw error;
    }
    return this;
  }

  /** The signed-in user's id. */
  get userId(): string {
    if (!this.auth) throw new Error('not signed in');
    return this.auth.user.id;
  }

  /** This program's own device, when opened with a `deviceFile`. */
  get device(): SdkDevice | null {
    return this.sdkDevice;
  }

  /**
   * Sends a message sealed on this device under the conversation's current epoch. A retry with the
   * same `clientMessageId` returns the message already stored.
   */
  send(conversationId: string, text: string, options: SendOptions = {}): Promise<SdkMessage> {
    return this.requireSealed().send(conversationId, text, options);
  }

  /** A page of history opened on this device (the newest page without a cursor). */
  messages(
    conversationId: string,
    cursor: HistoryCursor = {},
  ): Promise<{ messages: SdkMessage[]; hasOlder: boolean; hasNewer: boolean }> {
    return this.requireSealed().list(conversationId, cursor);
  }

  /**
   * Replaces the text of one of the user's messages, sealed again here under the message's own
   * epoch; its reply target and attachments stay, and its mentions unless given.
   */
  edit(message: SdkMessage, text: string, options: { mentions?: string[] } = {}) {
    return this.requireSealed().edit(message, text, options);
  }

  /**
   * Adds the emoji to the user's reactions on the message, or takes it away, sealed here under the
   * message's epoch. Works from the reactions in `message` (read it fresh): the whole set is replaced.
   */
  react(message: SdkMessage, emoji: string): Promise<void> {
    return this.requireSealed().react(message, emoji);
  }

  /** This sign-in's session (as named by `sessions.list` and `session.revoked` events). */
  get sessionId(): string {
    if (!this.auth) throw new Error('not signed in');
    return this.auth.sessionId;
  }

  /**
   * Live events for the signed-in user, subscribed at once. With `lastEventId`, the ones after it
   * are replayed first; the stream reconnects by itself and resumes where it was. `ready` resolves
   * when the server has started it: what happens after that is in the stream.
   */
  events(options: { lastEventId?: string } = {}): EventStream {
    const queue: LiveEvent[] = [];
    let wake: (() => void) | null = null;
    let failure: unknown = null;
    let done = false;
    let started!: () => void;
    const ready = new Promise<void>((resolve) => (started = resolve));
    const subscription = this.trpc.events.stream.subscribe(
      options.lastEventId ? { lastEventId: options.lastEventId } : undefined,
      {
        onStarted: () => started(),
        onData: ({ id, data }) => {
          // Only a resume point, which the tRPC client keeps by itself.
          if (data.type === 'stream.started') return;
          queue.push({ id, event: data });
          wake?.();
        },
        onError: (error) => {
          failure = error;
          wake?.();
        },
        onComplete: () => {
          done = true;
          wake?.();
        },
      },
    );
    const close = () => {
      done = true;
      subscription.unsubscribe();
      wake?.();
    };
    async function* iterate(): AsyncGenerator<LiveEvent> {
      try {
        while (true) {
          const next = queue.shift();
          if (next) {
            yield next;
            continue;
          }
          if (failure) throw failure;
          if (done) return;
          await new Promise<void>((resolve) => (wake = resolve));
          wake = null;
        }
      } finally {
        close();
      }
    }
    return Object.assign(iterate(), { ready, close });
  }

  async signOut(): Promise<void> {
    await this.trpc.auth.signOut.mutate();
    await this.close();
  }

  async close(): Promise<void> {
    await this.ws.close();
  }

  /**
   * Encrypts a file here and uploads only its ciphertext; pass the answer to `send` in `attachments`.
   */
  uploadFile(
    data: Uint8Array | AsyncIterable<Uint8Array>,
    options: UploadOptions,
  ): Promise<TAttachment> {
    return uploadEncrypted((input, init) => this.authedFetch(input, init), this.url, data, options);
  }

  /** Downloads a file a message carries (an attachment, its thumbnail or rendition), decrypted here. */
  downloadFile(ref: TFileRef): AsyncGenerator<Uint8Array> {
    return downloadDecrypted((input, init) => this.authedFetch(input, init), this.url, ref);
  }

  private requireSealed(): SealedMessages {
    if (!this.sealed) {
      throw new Error('Open the client with { deviceFile } to send and read end to end');
    }
    return this.sealed;
  }

  /** The current access token, refreshed first when it is about to expire. */
  private async accessToken(): Promise<string> {
    if (!this.auth) throw new Error('not signed in');
    if (Date.parse(this.auth.accessTokenExpiresAt) - Date.now() < REFRESH_MARGIN_MS) {
      await this.refresh();
    }
    return this.auth.accessToken;
  }

  /** One refresh at a time: the refresh token is used once, a second use would end the session. */
  private refresh(): Promise<void> {
    this.refreshing ??= (async () => {
      this.auth = await this.trpc.auth.refresh.mutate();
    })().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async authedFetch(input: Parameters<typeof fetch>[0], init?: RequestInit) {
    const send = (token: string | null) => {
      const headers = new Headers(init?.headers);
      if (token) headers.set('authorization', `Bearer ${token}`);
      return this.http.fetch(input, { ...init, headers });
    };
    const response = await send(this.auth ? await this.accessToken() : null);
    const signingIn = /\/auth\.(signIn|register|refresh)\b/.test(String(input));
    if (response.status !== 401 || !this.auth || signingIn) return response;
    await this.refresh();
    return send(this.auth.accessToken);
  }
}

export { TRPCClientError };
