// Entry point: configuration from the environment, database migrated, then HTTP + WebSocket served.
import { ConfigError, readEnv } from './env.js';
import { createLogger } from './logger.js';
import { startApi } from './start-api.js';

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

  const { url, databaseKind } = await startApi(env, logger, closers);
  logger.info({ url, database: databaseKind }, 'API listening');
  console.log(`API listening on ${url} (database: ${databaseKind})`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
