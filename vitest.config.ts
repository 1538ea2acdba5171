// One command runs every test: unit (pure domain), integration (the built worker in workerd over a
// real libSQL database) and browser (Chromium). The global setup seeds a template database and
// builds the site and worker from it once.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
