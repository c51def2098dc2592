import type { Db } from '@parley/db';
import type { WebSocket } from 'ws';
import type { AccessClaims } from './auth/access-token.js';
import type { ClientMeta } from './auth/sessions.js';
import type { ApiConfig } from './config.js';
import type { ContentKeyCache } from './devices/content-key-cache.js';
import type { AppError } from './errors.js';
import type { EventFeed } from './events/event-feed.js';
import type { PresenceTracker } from './events/presence.js';
import type { Logger } from './logger.js';
import type { ObjectStorage } from './storage/storage.js';

/** Long-lived parts shared by every request of one API process. */
export interface Services {
  db: Db;
  config: ApiConfig;
  logger: Logger;
  storage: ObjectStorage;
  events: EventFeed;
  presence: PresenceTracker;
  /** Hosted devices' content keys kept by this process (see withContentKeys). */
  contentKeys: ContentKeyCache;
}

/** Cookies of an HTTP request; absent on WebSocket calls, which cannot set cookies. */
export interface CookieJar {
  get(name: string): string | undefined;
  set(name: string, value: string, maxAgeSeconds: number): void;
  clear(name: string): void;
}

export interface Context {
  services: Services;
  client: ClientMeta;
  /** Verified access-token claims, or null with the reason in authError. */
  auth: AccessClaims | null;
  authError: AppError | null;
  cookies: CookieJar | null;
  /** The WebSocket of a call made over one; null over HTTP. */
  socket: WebSocket | null;
}
