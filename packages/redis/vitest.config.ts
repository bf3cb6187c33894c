import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The README snippets import this package by name; run them against the sources.
    alias: { '@pimhooks/redis': fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Each file starts its own redis-server; give its startup and the outage tests room on 2 cores.
    hookTimeout: 30_000,
    testTimeout: 30_000,
  },
});
