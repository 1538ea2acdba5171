// Seeds a template database with the demo co-op and builds the site and worker from it, once per run.
// Each test file then copies the template so it starts from a known state.
import type { TestProject } from 'vitest/node';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../db/core/connect.ts';
import { migrateDatabase } from '../db/core/migrate.ts';
import { seedDemo } from '../db/seed/demo.ts';
import { build } from '../scripts/build.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDb: string;
    seedNow: number;
    dist: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'comptoir-test-'));
  const templateDb = join(dir, 'template.db');
  const seedNow = Date.now();
  const conn = await connect(`file:${templateDb}`);
  await migrateDatabase(conn.db);
  await seedDemo(conn.db, { now: seedNow });
  // Fold the WAL into the file so copies of it are complete.
  await conn.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  conn.close();
  const dist = join(dir, 'dist');
  build({ ...process.env, DATABASE_URL: `file:${templateDb}`, COMPTOIR_BUILD_NOW: String(seedNow) }, dist);
  project.provide('dist', dist);
  project.provide('templateDb', templateDb);
  project.provide('seedNow', seedNow);
  return () => rmSync(dir, { recursive: true, force: true });
}
