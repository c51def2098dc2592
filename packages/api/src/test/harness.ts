// Starts a real API server (HTTP + WebSocket) on a fresh database for one test file.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestDb, type TestDbKind } from '@parley/db/testing';
import type { Database } from '@parley/db';
import { DEFAULT_SIGN_IN_THROTTLE, type ApiConfig } from '../config.js';
import { DEFAULT_MEDIA_CONFIG } from '../media/media-config.js';
import type { Services } from '../context.js';
import { ContentKeyCache } from '../devices/content-key-cache.js';
import { EventFeed } from '../events/event-feed.js';
import { newMessageOpener } from '../events/new-message-content.js';
import { PresenceTracker } from '../events/presence.js';
import { createLogger, type Logger } from '../logger.js';
import { createApiServer } from '../server.js';
import { LocalStorage } from '../storage/local-storage.js';
import type { ObjectStorage } from '../storage/storage.js';

export const TEST_ORIGIN = 'http://localhost:3000';

export interface TestApi {
  url: string;
  services: Services;
  database: Database;
  dataDir: string;
  close(): Promise<void>;
}

export async function startTestApi(
  kind: TestDbKind,
  overrides: Partial<ApiConfig> = {},
  shared: {
    /** A database opened elsewhere (another API process's, or on disk); its opener closes it. */
    database?: Database;
    secrets?: ApiConfig['secrets'];
    logger?: Logger;
    /** The storage to use, made for the test's data directory (default: files under it). */
    storage?: (dataDir: string) => ObjectStorage;
  } = {},
): Promise<TestApi> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'parley-api-'));
  const database = shared.database ?? (await createTestDb(kind));
  const config: ApiConfig = {
    dataDir,
    allowedOrigins: [TEST_ORIGIN],
    trustProxy: 'loopback',
    secrets: shared.secrets ?? {
      jwtSecret: randomBytes(32),
      masterKey: randomBytes(32),
      masterKeyId: 'test',
    },
    accessTokenTtlSeconds: 900,
    sessionTtlDays: 30,
    // Reuse is revoked at once in tests unless a test is about the grace period.
    refreshReuseGraceSeconds: 0,
    // Test-only: cheap hashes keep the suite fast; production cost lives in config.ts.
    passwordHashCost: { memoryCost: 1024, timeCost: 1, parallelism: 1 },
    signInThrottle: DEFAULT_SIGN_IN_THROTTLE,
    hostedPreKeyCount: 5,
    slowReader: { bufferBytes: 1024 * 1024, timeoutMs: 15_000 },
    media: DEFAULT_MEDIA_CONFIG,
    ...overrides,
  };
  const logger = shared.logger ?? createLogger('silent');
  const contentKeys = new ContentKeyCache();
  const services: Services = {
    db: database.db,
    config,
    logger,
    storage: shared.storage?.(dataDir) ?? new LocalStorage(path.join(dataDir, 'media')),
    events: await EventFeed.start(
      database,
      logger,
      newMessageOpener({ db: database.db, config, logger, contentKeys }),
    ),
    presence: undefined as never,
    contentKeys,
  };
  services.presence = new PresenceTracker(database.db, services.events, logger);
  const api = createApiServer(services);
  const url = await api.listen(0, '127.0.0.1');
  return {
    url,
    services,
    database,
    dataDir,
    async close() {
      await api.close();
      await services.presence.close();
      await services.events.close();
      if (!shared.database) await database.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
