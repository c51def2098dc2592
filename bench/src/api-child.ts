// The API as the benchmark runs it: production code (@parley/api's startApi) with a bench-only
// configuration: cheap password hashing and no sign-in throttle, so creating a thousand users takes
// seconds. Production defaults are untouched; this file is the only place these values exist.
import { createLogger, readEnv, startApi } from '@parley/api';
import { announceReady, serveControl } from './child-control.js';

const env = readEnv();
const logger = createLogger(env.LOG_LEVEL);
const closers: (() => Promise<void>)[] = [];

process.once('SIGTERM', () => {
  void (async () => {
    for (const close of closers.reverse()) await close();
    // A normal exit, so --cpu-prof writes its profile.
    process.exit(0);
  })();
});
process.once('disconnect', () => process.exit(0));

serveControl();
const { url } = await startApi(env, logger, closers, (config) => ({
  ...config,
  passwordHashCost: { memoryCost: 1024, timeCost: 1, parallelism: 1 },
  signInThrottle: {
    windowSeconds: 1,
    perUsername: Number.MAX_SAFE_INTEGER,
    perIp: Number.MAX_SAFE_INTEGER,
  },
  hostedPreKeyCount: 1,
}));
announceReady(url);
