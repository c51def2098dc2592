// npm run bench [-- --quick] [--cpu-prof] [--only=idle,delivery,storm,media]
// Parley's API in a child process on core 0, this load generator on core 1, a bare ws relay as the
// baseline in the same run. Progress on stderr; results under bench/results/; the last line on
// stdout is one JSON object with the headline figures.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { apiLauncher } from './api-launcher.js';
import { createBenchDb } from './bench-db.js';
import { pinSelf, ServerChild } from './children.js';
import { GROUP1000_RATE, measureDelivery, type GroupResult } from './delivery.js';
import { measureIdle, type IdlePoint } from './idle.js';
import { commitName, describeMachine } from './machine.js';
import { mediaMemory } from './media.js';
import { readOptions, UsageError, type Options } from './options.js';
import { ParleyFleet } from './parley-group.js';
import { newestProfile, splitProfile, type CpuSplit } from './profile.js';
import { markdown, summarise, writeResults, type BenchResults } from './report.js';
import { reconnectStorm, type StormResult } from './storm.js';
import { typedClient } from './typed-client.js';
import { registerUsers, signInTokens } from './users.js';

const LOAD_CORE = 1;
const TOKEN_FRESH_MS = 10 * 60_000;

async function run(options: Options): Promise<BenchResults> {
  const date = new Date().toISOString();
  // The largest conversation's members; the idle and storm sockets share their tokens.
  const userCount = Math.max(...options.sizes);
  const pinned = pinSelf(LOAD_CORE);
  options.log(
    `bench${options.quick ? ' (quick)' : ''}: ${pinned ? 'load generator on core 1' : 'no taskset: not pinned'}`,
  );
  const database = await createBenchDb(options.databaseUrl);
  const profileDir = options.cpuProfile
    ? await mkdtemp(path.join(os.tmpdir(), 'parley-prof-'))
    : undefined;
  const launcher = await apiLauncher(database.url, { cpuProfileDir: profileDir });
  let api = await launcher.start();
  const relay = await ServerChild.start({ script: 'relay-child.ts', core: 0 });
  // Each scenario starts on a fresh API process, so one's garbage and backlog do not weigh on the next.
  const restart = async () => {
    await api.stop();
    api = await launcher.start();
  };
  let cleaning: Promise<void> | null = null;
  const cleanUp = () =>
    (cleaning ??= (async () => {
      await api.stop();
      await relay.stop();
      await launcher.cleanUp();
      await database.drop();
      if (profileDir)
        options.log(`CPU profiles (open in Chrome DevTools or speedscope): ${profileDir}`);
    })());
  // Ctrl-C still drops the scratch database.
  const interrupted = () => void cleanUp().finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  let delivery: GroupResult[] = [];
  let idle: IdlePoint[] = [];
  let storm: StormResult | null = null;
  let cpuProfile: CpuSplit | null = null;
  let media: unknown = null;
  try {
    const t0 = performance.now();
    const users = await registerUsers(api.url, userCount);
    const registerSeconds = Number(((performance.now() - t0) / 1000).toFixed(1));
    options.log(`${userCount} users registered in ${registerSeconds} s`);

    if (options.only.has('idle')) {
      options.log('idle connections');
      await restart();
      idle = await measureIdle(
        api,
        relay,
        users.map((u) => u.token),
        options,
      );
    }
    if (options.only.has('delivery')) {
      await restart();
      const fleet = await ParleyFleet.connect(api.url, users);
      options.log(`${userCount} clients following their streams`);
      delivery = await measureDelivery(fleet, api, relay, options);
      await fleet.close();
      if (profileDir) {
        await api.stop(); // writes the delivery run's profile
        const file = await newestProfile(profileDir);
        cpuProfile = file ? await splitProfile(file) : null;
        api = await launcher.start();
      }
    }
    if (options.only.has('storm')) {
      options.log(`reconnect storm: ${options.stormClients} clients`);
      await restart();
      // Access tokens live 15 minutes; a long run signs in again for fresh ones.
      const tokens =
        performance.now() - t0 < TOKEN_FRESH_MS
          ? users.map((u) => u.token)
          : await signInTokens(api.url, userCount);
      const sender = typedClient(api.url, tokens[0]!);
      const outcome = await reconnectStorm(launcher, api, sender, tokens, options);
      api = outcome.api;
      storm = outcome.result;
      await sender.close();
    }
    if (options.only.has('media')) media = await mediaMemory(database.url);
    return {
      date,
      commit: commitName(),
      quick: options.quick,
      machine: describeMachine(),
      setup: { users: userCount, registerSeconds },
      delivery,
      idle,
      storm,
      cpuProfile,
      media,
      summary: summarise(delivery, idle, storm, GROUP1000_RATE),
    };
  } finally {
    await cleanUp();
  }
}

try {
  const options = readOptions(process.argv.slice(2), process.env);
  const results = await run(options);
  const file = await writeResults(results);
  options.log(`\n${markdown(results)}\nresults: ${file}`);
  console.log(JSON.stringify(results.summary));
  // Sockets of closed clients may hold timers for a moment; the run is over.
  process.exit(0);
} catch (error) {
  console.error(error instanceof UsageError ? error.message : error);
  process.exit(error instanceof UsageError ? 2 : 1);
}
