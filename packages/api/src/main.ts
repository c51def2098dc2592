// Entry point: configuration from the environment, database migrated, then HTTP + WebSocket served.
import { createDb } from '@parley/db';
import { configFromEnv } from './config.js';
import { ConfigError, readEnv } from './env.js';
import { EventFeed } from './events/event-feed.js';
import { PresenceTracker } from './events/presence.js';
import { createLogger } from './logger.js';
import { createApiServer } from './server.js';
import { createStorage } from './storage/create-storage.js';

async function main() {
  const env = readEnv();
  const logger = createLogger(env.LOG_LEVEL);
  // Installed first, so a stop during start-up (while PGlite opens, say) still closes what is open.
  const closers: (() => Promise<void>)[] = [];
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    for (const close of closers.reverse()) await close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  const config = await configFromEnv(env);
  const database = await createDb(
    config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir },
  );
  closers.push(() => database.close());
  await database.migrate();
  const storage = createStorage(env, config.dataDir);
  const events = await EventFeed.start(database, logger);
  closers.push(() => events.close());
  const presence = new PresenceTracker(database.db, events, logger);
  closers.push(() => presence.close());
  const api = createApiServer({ db: database.db, config, logger, storage, events, presence });
  closers.push(() => api.close());
  const url = await api.listen(env.PORT, env.HOST);
  logger.info({ url, database: database.kind }, 'API listening');
  console.log(`API listening on ${url} (database: ${database.kind})`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
