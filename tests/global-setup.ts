// Seeds a template database with the demo co-op and builds the site and worker from it, once per run.
// Each test file then copies the template so it starts from a known state, and the template's local
// R2 bucket with the demo photos in it: putting them again through Miniflare at every worker start
// cost each test file seconds of CPU.
import type { TestProject } from 'vitest/node';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../db/core/connect.ts';
import { migrateDatabase } from '../db/core/migrate.ts';
import { seedDemo } from '../db/seed/demo.ts';
import { build } from '../scripts/build.ts';
import { startLocalWorker } from '../scripts/local-worker.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDb: string;
    seedNow: number;
    dist: string;
    /** Miniflare's persisted R2 buckets of a worker started once on the template: the demo photos. */
    templateR2: string;
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
  // A worker started once puts the photos the seed names into its bucket (scripts/local-worker.ts);
  // a copy of that bucket beside each test file's database has them already.
  // It serves a copy of the template, which stays as the seed left it.
  const templateR2 = join(dir, 'template-r2');
  const photosDb = join(dir, 'photos.db');
  copyFileSync(templateDb, photosDb);
  await (await startLocalWorker({ dbPath: photosDb, dist, r2Persist: templateR2 })).close();
  project.provide('dist', dist);
  project.provide('templateR2', templateR2);
  project.provide('templateDb', templateDb);
  project.provide('seedNow', seedNow);
  return () => rmSync(dir, { recursive: true, force: true });
}
