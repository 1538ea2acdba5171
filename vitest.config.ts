// One command runs every test: unit (pure domain), integration (the built worker in workerd over a
// real libSQL database) and browser (Chromium). The global setup seeds a template database and
// builds the site and worker from it once.
// The two test processes (2 cores) each run their files one after another without re-importing
// wrangler, Miniflare, playwright and drizzle for every file (isolate: false): those imports cost
// each file seconds of CPU. No test file mocks modules or changes globals; each one starts its own
// worker over its own copy of the database, so sharing the module cache shares no state.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    isolate: false,
  },
});
