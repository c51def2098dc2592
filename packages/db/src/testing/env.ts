// Test-harness configuration. In CI the PostgreSQL run is mandatory: a missing DATABASE_URL must fail
// the suite, never silently drop the PostgreSQL half of it.
export const testEnv = {
  databaseUrl: process.env.DATABASE_URL || undefined,
  ci: process.env.CI === 'true' || process.env.CI === '1',
};
