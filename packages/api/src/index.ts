export type { AppRouter } from './root.js';
export { appRouter } from './root.js';
export { createApiServer, type ApiServer } from './server.js';
export { startApi, type StartedApi } from './start-api.js';
export { ConfigError, readEnv, type Env } from './env.js';
export { createLogger } from './logger.js';
export type { ApiConfig } from './config.js';
export type { TMe, TPicture, TPublicUser } from './profile/me.js';
