// Command line and environment of `npm run bench`. The bench is a program of its own, outside the
// API, so it reads DATABASE_URL here.
export interface Options {
  quick: boolean;
  /** Run the API child with --cpu-prof and split its CPU time by kind of work. */
  cpuProfile: boolean;
  /** Scenarios to run (all by default). */
  only: Set<Scenario>;
  /** Conversation sizes for the delivery scenario (2, 10, 100, 1000 by default). */
  sizes: number[];
  databaseUrl: string;
  stepMs: number;
  drainMs: number;
  idleCounts: number[];
  stormClients: number;
  log: (line: string) => void;
}

export const SCENARIOS = ['idle', 'delivery', 'storm', 'media'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export class UsageError extends Error {}

export function readOptions(argv: string[], env: NodeJS.ProcessEnv): Options {
  const quick = argv.includes('--quick');
  const onlyArg = argv.find((a) => a.startsWith('--only='));
  const sizesArg = argv.find((a) => a.startsWith('--sizes='));
  const unknown = argv.filter(
    (a) => !['--quick', '--cpu-prof'].includes(a) && a !== onlyArg && a !== sizesArg,
  );
  if (unknown.length > 0) {
    throw new UsageError(
      `Unknown argument ${unknown[0]}. Usage: npm run bench -- [--quick] [--cpu-prof] [--only=${SCENARIOS.join(',')}] [--sizes=2,10,100,1000]`,
    );
  }
  const only = new Set(
    (onlyArg?.slice('--only='.length).split(',') ?? SCENARIOS).map((name) => {
      if (!(SCENARIOS as readonly string[]).includes(name)) {
        throw new UsageError(`--only: no scenario named ${name} (${SCENARIOS.join(', ')})`);
      }
      return name as Scenario;
    }),
  );
  const sizes = (sizesArg?.slice('--sizes='.length).split(',') ?? ['2', '10', '100', '1000']).map(
    (text) => {
      const size = Number(text);
      if (!Number.isInteger(size) || size < 2 || size > 1000) {
        throw new UsageError(`--sizes: ${text} is not a conversation size from 2 to 1000`);
      }
      return size;
    },
  );
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl || !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new UsageError(
      'npm run bench needs a PostgreSQL server: set DATABASE_URL=postgres://user:password@host:5432/db ' +
        '(the user needs CREATEDB; the bench makes its own scratch database there and drops it).',
    );
  }
  return {
    quick,
    cpuProfile: argv.includes('--cpu-prof'),
    only,
    sizes,
    databaseUrl,
    // Quick steps are short enough to keep the whole run under 3 minutes on a slow host.
    stepMs: quick ? 1_500 : 5_000,
    drainMs: quick ? 8_000 : 20_000,
    idleCounts: quick ? [1_000] : [1_000, 5_000, 10_000],
    stormClients: quick ? 1_000 : 5_000,
    // Progress goes to stderr; stdout ends with the one JSON line.
    log: (line) => console.error(line),
  };
}
