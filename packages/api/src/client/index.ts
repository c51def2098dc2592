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
import { isCryptoError, type ContentContext } from '@parley/crypto';
import { randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';
import type { TEvent } from '../events/event-types.js';
import { fileRefsOf, ZAttachments, type TAttachment, type TFileRef } from '../media/attachment.js';
import { encodeContent } from '../messages/message-content.js';
import { encodeReactionSet, reactionClientId } from '../messages/reaction-set.js';
import type { TSealedPage } from '../messages/sealed-view.js';
import type { AppRouter } from '../root.js';
import { ZEmoji } from '../shared/validation.js';
import { cookieFetch } from './cookie-fetch.js';
import { openSealedPage, type SdkMessage } from './open-sealed.js';
import { SdkDevice, type DeviceFileOptions } from './sdk-device.js';
import { downloadDecrypted, uploadEncrypted, type UploadOptions } from './sdk-files.js';
import { toWire } from './wire-bytes.js';

export type { AppRouter } from '../root.js';
export type { TEvent } from '../events/event-types.js';
export type { DeviceFileOptions } from './sdk-device.js';
export type { SdkMessage } from './open-sealed.js';
export type { UploadOptions } from './sdk-files.js';
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

/** Which page of history (one of before / after / around a seq); the newest page without one. */
export interface HistoryCursor {
  before?: number;
  after?: number;
  around?: number;
  /** 1–100, default 50. */
  limit?: number;
}

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
  /** The last known current epoch of each conversation; refreshed when the server says it moved. */
  private readonly epochs = new Map<string, number>();

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
   * Sends a text message sealed on this device under the conversation's current epoch. A retry with
   * the same `clientMessageId` returns the message already stored.
   */
  async send(
    conversationId: string,
    text: string,
    options: {
      replyToId?: string;
      mentions?: string[];
      /** From `uploadFile`: up to 10; `text` may then be empty (a caption). */
      attachments?: TAttachment[];
      clientMessageId?: string;
    } = {},
  ): Promise<SdkMessage> {
    const sdk = this.requireDevice();
    const clientMessageId = options.clientMessageId ?? randomUUID();
    const replyToId = options.replyToId ?? null;
    const mentions = [...new Set(options.mentions ?? [])];
    // Checked here: the server cannot look inside, and readers would fail to open a bad one.
    const attachments = ZAttachments.parse(options.attachments ?? []);
    const mediaIds = attachments.flatMap(fileRefsOf).map((ref) => ref.mediaId);
    const content = encodeContent({ text, replyToId, mentions, attachments });
    for (let attempt = 0; ; attempt++) {
      // A membership change may have moved the epoch since it was cached: look again once.
      const epoch = await this.currentEpoch(conversationId, attempt > 0);
      const sealed = await this.seal(sdk, { conversationId, epoch, clientMessageId }, content);
      try {
        const page = await this.trpc.messages.sendSealed.mutate({
          conversationId,
          deviceId: sdk.deviceId,
          clientMessageId,
          epoch,
          sealed: toWire(sealed),
          replyToId,
          mentions,
          mediaIds,
        });
        return await this.openOne(sdk, page);
      } catch (error) {
        if (attempt > 0 || !isEpochMoved(error)) throw error;
      }
    }
  }

  /** A page of history opened on this device (the newest page without a cursor). */
  async messages(
    conversationId: string,
    cursor: HistoryCursor = {},
  ): Promise<{ messages: SdkMessage[]; hasOlder: boolean; hasNewer: boolean }> {
    const sdk = this.requireDevice();
    const page = await this.trpc.messages.listSealed.query({ conversationId, ...cursor });
    return {
      ...(await this.openPage(sdk, page)),
      hasOlder: page.hasOlder,
      hasNewer: page.hasNewer,
    };
  }

  /**
   * Replaces the text of one of the user's messages, sealed again here under the message's own
   * epoch; its reply target and attachments stay, and its mentions unless given.
   */
  async edit(
    message: SdkMessage,
    text: string,
    options: { mentions?: string[] } = {},
  ): Promise<SdkMessage> {
    const sdk = this.requireDevice();
    const mentions = [...new Set(options.mentions ?? message.mentions)];
    const content = encodeContent({
      text,
      replyToId: message.replyToId,
      mentions,
      attachments: message.attachments,
    });
    const { conversationId, epoch, clientMessageId } = message;
    const sealed = await this.seal(sdk, { conversationId, epoch, clientMessageId }, content);
    const page = await this.trpc.messages.editSealed.mutate({
      conversationId,
      messageId: message.id,
      deviceId: sdk.deviceId,
      sealed: toWire(sealed),
      mentions,
    });
    return this.openOne(sdk, page);
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
   * Adds the emoji to the user's reactions on the message, or takes it away, sealed here under the
   * message's epoch. Works from the reactions in `message` (as last read): their whole set is replaced.
   */
  async react(message: SdkMessage, emoji: string): Promise<void> {
    const sdk = this.requireDevice();
    ZEmoji.parse(emoji);
    const mine = message.reactions
      .filter((r) => r.userIds.includes(this.userId))
      .map((r) => r.emoji);
    const next = mine.includes(emoji) ? mine.filter((e) => e !== emoji) : [...mine, emoji];
    const { conversationId, epoch } = message;
    const sealed =
      next.length === 0
        ? null
        : await this.seal(
            sdk,
            { conversationId, epoch, clientMessageId: reactionClientId(message.id) },
            encodeReactionSet(next),
          );
    await this.trpc.messages.reactSealed.mutate({
      conversationId,
      messageId: message.id,
      deviceId: sdk.deviceId,
      sealed: sealed && toWire(sealed),
    });
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

  private requireDevice(): SdkDevice {
    if (!this.sdkDevice) {
      throw new Error('Open the client with { deviceFile } to send and read end to end');
    }
    return this.sdkDevice;
  }

  private async currentEpoch(conversationId: string, refresh: boolean): Promise<number> {
    const known = this.epochs.get(conversationId);
    if (known !== undefined && !refresh) return known;
    const { epoch } = await this.trpc.conversations.get.query({ conversationId });
    this.epochs.set(conversationId, epoch);
    return epoch;
  }

  /** Seals with the epoch key, taking in waiting epoch keys first when it is not held yet. */
  private async seal(
    sdk: SdkDevice,
    context: Omit<ContentContext, 'senderDevice'>,
    content: Uint8Array,
  ): Promise<Uint8Array> {
    try {
      return await sdk.device.seal(content, context);
    } catch (error) {
      if (!isCryptoError(error, 'NO_EPOCH_KEY')) throw error;
    }
    await sdk.syncEpochKeys();
    try {
      return await sdk.device.seal(content, context);
    } catch (error) {
      if (!isCryptoError(error, 'NO_EPOCH_KEY')) throw error;
      throw new Error(
        `This device holds no key for epoch ${context.epoch} of conversation ${context.conversationId}`,
        { cause: error },
      );
    }
  }

  /** Opens a page, taking in waiting epoch keys and trying again when some key was missing. */
  private async openPage(sdk: SdkDevice, page: TSealedPage) {
    const opened = await openSealedPage(sdk.device, page);
    if (!opened.missingKeys || (await sdk.syncEpochKeys()) === 0) return opened;
    return openSealedPage(sdk.device, page);
  }

  private async openOne(sdk: SdkDevice, page: TSealedPage): Promise<SdkMessage> {
    return (await this.openPage(sdk, page)).messages[0]!;
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

/** The server refused a sealed send because the conversation has moved to another epoch. */
const isEpochMoved = (error: unknown) =>
  error instanceof TRPCClientError &&
  (error.data as { code?: string; field?: string } | undefined)?.code === 'CONFLICT' &&
  (error.data as { field?: string }).field === 'epoch';

export { TRPCClientError };
