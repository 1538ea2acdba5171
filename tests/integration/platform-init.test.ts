// `npm run platform:init` as a co-op going live runs it: on a fresh migrated database reached over
// libSQL's HTTP protocol (as Turso or sqld in production), it creates the administrator, who then signs
// in through the e-mailed link, the default categories and labels and nothing of the demo; run again it
// changes nothing and says so; on a database without the migrations, or with bad arguments, it says what to do.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect, type Connection } from '../../db/core/connect.ts';
import { migrateDatabase } from '../../db/core/migrate.ts';
import { DEFAULT_CATEGORIES, DEFAULT_LABELS } from '../../db/seed/platform-defaults.ts';
import { startLocalWorker, type LocalWorker } from '../../scripts/local-worker.ts';
import { platformInit as platformInitMain } from '../../scripts/platform-init.ts';
import { paths } from '../../worker/admin/shared/paths.ts';
import { as, signIn } from '../support/admin.ts';
import type { TestWorker } from '../support/local-worker.ts';

const ADMIN = 'admin@coop-du-plateau.example';
let dir: string;
let conn: Connection;
let worker: LocalWorker;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'comptoir-platform-init-'));
  const dbPath = join(dir, 'fresh.db');
  conn = await connect(`file:${dbPath}`);
  await migrateDatabase(conn.db);
  worker = await startLocalWorker({ dbPath, dist: inject('dist') });
});
afterAll(async () => {
  conn?.close();
  await worker?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Starting Node and the database client takes seconds on a loaded machine. */
const NPM_RUN_MS = 120_000;

/** The npm script, as a person types it, on the database `url`. */
async function platformInit(url: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)('npm', ['run', '-s', 'platform:init', '--', ...args], {
      env: { ...process.env, DATABASE_URL: url },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The script's main function, in this process (what the npm script runs, without starting Node again). */
async function platformInitHere(url: string, ...args: string[]) {
  const out = { stdout: '', stderr: '' };
  const code = await platformInitMain(
    args,
    { DATABASE_URL: url },
    { log: (l) => (out.stdout += `${l}\n`), error: (l) => (out.stderr += `${l}\n`) },
  );
  return { code, ...out };
}

/** Every row of the tables the set-up writes, and how many rows every other table holds. */
async function snapshot() {
  const tables = (await conn.client.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")).rows.map((r) =>
    String(r.name),
  );
  const out: Record<string, unknown> = {};
  for (const table of tables) out[table] = (await conn.client.execute(`SELECT * FROM "${table}" ORDER BY 1`)).rows.map((r) => ({ ...r }));
  return out;
}

const count = async (sql: string) => Number((await conn.client.execute(sql)).rows[0]![0]);

describe('npm run platform:init', () => {
  it(
    'sets up a fresh database: an administrator who can sign in, the default categories and labels, nothing of the demo',
    async () => {
      const run = await platformInit(worker.database.url, '--admin', 'Admin@Coop-du-Plateau.example', '--name', 'Coop du Plateau');
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`administrator ${ADMIN}: created`);
      expect(run.stdout).toContain(`categories: ${DEFAULT_CATEGORIES.length} created, 0 already there`);
      expect(run.stdout).toContain(`quality labels: ${DEFAULT_LABELS.length} created, 0 already there`);

      const admins = await conn.client.execute('SELECT email FROM users WHERE is_platform_admin = 1');
      expect(admins.rows.map((r) => r.email)).toEqual([ADMIN]);
      const cats = await conn.client.execute('SELECT slug, name_fr, name_en FROM categories ORDER BY position');
      expect(cats.rows.map((r) => r.name_fr)).toEqual(
        expect.arrayContaining(['Fruits', 'Légumes', 'Œufs', 'Fromages', 'Miel & confitures']),
      );
      expect(cats.rows.find((r) => r.slug === 'fromages')?.name_en).toBe('Cheese');
      const labels = (await conn.client.execute('SELECT name_fr FROM labels')).rows.map((r) => String(r.name_fr));
      for (const name of ['Agriculture biologique (AB)', 'Nature & Progrès', 'Demeter', 'Label Rouge', 'HVE', 'Bleu-Blanc-Cœur'])
        expect(
          labels.some((l) => l.includes(name)),
          name,
        ).toBe(true);
      // Nothing of the demo: no shop, no producer, no product, no cycle, no other user.
      expect(await count('SELECT count(*) FROM enterprises WHERE is_hub = 1 OR is_producer = 1')).toBe(0);
      expect(await count('SELECT count(*) FROM products')).toBe(0);
      expect(await count('SELECT count(*) FROM order_cycles')).toBe(0);
      expect(await count('SELECT count(*) FROM users')).toBe(1);

      // The administrator signs in with the e-mailed link and reaches the platform's administration.
      const t = { url: worker.url, conn } as unknown as TestWorker;
      const session = await signIn(t, ADMIN);
      const page = await as(t, session, 'GET', paths('fr').platform);
      expect(page.status).toBe(200);
      expect(page.text).toContain('Coop du Plateau');
    },
    NPM_RUN_MS,
  );

  it('changes nothing when run again, and says so', async () => {
    const before = await snapshot();
    const run = await platformInitHere(worker.database.url, '--admin', ADMIN, '--name', 'Coop du Plateau');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`administrator ${ADMIN}: already there`);
    expect(run.stdout).toContain(`categories: 0 created, ${DEFAULT_CATEGORIES.length} already there`);
    expect(run.stdout).toContain('Nothing changed: the platform was already set up.');
    expect(await snapshot()).toEqual(before);
  });

  it(
    'stops on a database without the migrations, telling to run npm run db:migrate',
    async () => {
      const run = await platformInit(`file:${join(dir, 'unmigrated.db')}`, '--admin', ADMIN);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('has no tables yet');
      expect(run.stderr).toContain('npm run db:migrate');
      expect(run.stderr).not.toMatch(/\n\s+at /);
    },
    NPM_RUN_MS,
  );

  it('explains how to call it when --admin is missing or not an e-mail address', async () => {
    const missing = await platformInitHere(worker.database.url);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--admin <email> is required');
    expect(missing.stderr).toContain('Usage: npm run platform:init -- --admin <email> [--name "<platform name>"]');
    const invalid = await platformInitHere(worker.database.url, '--admin', 'not-an-address');
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('--admin must be an e-mail address');
    expect(await count('SELECT count(*) FROM users')).toBe(1);
  });
});
