// Starts one API process's parts in order: database (migrated), storage, event feed, presence, server.
import { createDb } from '@parley/db';
import { configFromEnv, type ApiConfig } from './config.js';
import { ContentKeyCache } from './devices/content-key-cache.js';
import type { Env } from './env.js';
import { EventFeed } from './events/event-feed.js';
import { newMessageOpener } from './events/new-message-content.js';
import { PresenceTracker } from './events/presence.js';
import type { Logger } from './logger.js';
import { createApiServer } from './server.js';
import { createStorage } from './storage/create-storage.js';

export interface StartedApi {
  url: string;
  databaseKind: 'pglite' | 'postgres';
}

/**
 * Each part is pushed onto `closers` as soon as it is open, so a stop during start-up (while PGlite
 * opens, say) still closes what is open. `configure` adjusts the configuration read from `env`
 * (the benchmark lowers the password-hash cost there; production passes nothing).
 */
export async function startApi(
  env: Env,
  logger: Logger,
  closers: (() => Promise<void>)[],
  configure: (config: ApiConfig) => ApiConfig = (config) => config,
): Promise<StartedApi> {
  const config = configure(await configFromEnv(env));
  const database = await createDb(
    config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir },
  );
  closers.push(() => database.close());
  await database.migrate();
  const storage = createStorage(env, config.dataDir);
  const contentKeys = new ContentKeyCache();
  const events = await EventFeed.start(
    database,
    logger,
    newMessageOpener({ db: database.db, config, logger, contentKeys }),
  );
  closers.push(() => events.close());
  const presence = new PresenceTracker(database.db, events, logger);
  const api = createApiServer({
    db: database.db,
    config,
    logger,
    storage,
    events,
    presence,
    contentKeys,
  });
  // Closing the server closes presence too.
  closers.push(() => api.close());
  return { url: await api.listen(env.PORT, env.HOST), databaseKind: database.kind };
}
