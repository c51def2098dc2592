import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // The 50 MB file round trip streams through AES-GCM twice; give it room on a 2-core machine.
    testTimeout: 60_000,
    // The 50 MB test collects garbage before it samples memory, and has freed buffers released at
    // once rather than by a background sweeper, to measure what is really held.
    execArgv: ['--expose-gc', '--no-concurrent-array-buffer-sweeping'],
  },
});
