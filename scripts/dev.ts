// `npm run dev`: npm start for someone changing the code. The worker runs in workerd as under npm start
// (same local libSQL endpoint over data/comptoir.db, same edge, cron every minute, /dev/mailbox), and a
// change in worker/, db/ or domain/ rebuilds its bundle and reloads workerd in place: no restart, no
// refused connection (the edge holds requests meanwhile). The site's pages are served by Astro's dev
// server, rendered on demand from the same database, with Astro's own reload on a change in site/; the
// paths the worker answers (API, back office, orders, mailbox) are passed to the worker.
//   http://127.0.0.1:8787  everything as in production (static pages of the last build, catalog rebuilds)
//   http://127.0.0.1:4321  the pages as the code in site/ renders them now
// PORT and ASTRO_PORT pick other ports.
import { setFlagsFromString } from 'node:v8';

// As in npm start (scripts/start.ts): this process sized for memory rather than speed.
setFlagsFromString('--optimize-for-size');

const { spawn } = await import('node:child_process');
const { existsSync, watch } = await import('node:fs');
const { join } = await import('node:path');
const { unstable_readConfig } = await import('wrangler');
const { connect, DEFAULT_DATABASE_FILE } = await import('../db/core/connect.ts');
const { migrateDatabase } = await import('../db/core/migrate.ts');
const { seedIfEmpty } = await import('../db/seed/demo.ts');
const { build, DEFAULT_DIST } = await import('./build.ts');
const { startLocalWorker } = await import('./local-worker.ts');
const { startRebuildWatcher } = await import('./rebuild-watcher.ts');

const port = Number(process.env.PORT ?? 8787);
const astroPort = Number(process.env.ASTRO_PORT ?? 4321);
const dbFile = DEFAULT_DATABASE_FILE;
const dbUrl = `file:${dbFile}`;
const log = (m: string) => console.log(`[dev] ${m}`);

const conn = await connect(dbUrl);
await migrateDatabase(conn.db);
const seeded = await seedIfEmpty(conn.db, Date.now());
if (seeded) log(`seeded the demo co-op: ${seeded.hubs} hubs, ${seeded.producers} producers, ${seeded.variants} variants`);
conn.close();

// The static pages of the last build are reused: the Astro dev server shows the current ones.
if (!existsSync(join(DEFAULT_DIST, 'client', 'index.html')) || !existsSync(join(DEFAULT_DIST, 'worker', 'index.js')))
  build({ ...process.env, DATABASE_URL: dbUrl });

const fromEnv = ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'EMAIL_API_URL', 'EMAIL_API_KEY', 'EMAIL_FROM', 'PUBLIC_URL'].flatMap((k) =>
  process.env[k] ? [[k, process.env[k]!]] : [],
);
const worker = await startLocalWorker({ dbPath: dbFile, port, cron: true, bindings: { DEV_MAILBOX: '1', ...Object.fromEntries(fromEnv) } });

/**
 * The worker's bundle, as `npm run build` makes it (wrangler's offline dry run). Not spawnSync: this
 * process serves the edge and the database meanwhile.
 */
function bundleWorker(): Promise<boolean> {
  return new Promise((done) => {
    const child = spawn(
      'wrangler',
      [
        'deploy',
        '--dry-run',
        '--outdir',
        join(DEFAULT_DIST, 'worker'),
        '--assets',
        join(DEFAULT_DIST, 'client'),
        '--config',
        'wrangler.jsonc',
      ],
      { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
    );
    child.on('error', () => done(false));
    child.on('close', (code) => done(code === 0));
  });
}

// A burst of saves makes one rebuild; a save during a rebuild makes one more after it.
let timer: NodeJS.Timeout | undefined;
let rebuilding: Promise<void> | null = null;
let again = false;
function workerChanged(file: string) {
  clearTimeout(timer);
  timer = setTimeout(() => {
    if (rebuilding) return void (again = true);
    rebuilding = (async () => {
      do {
        again = false;
        const started = performance.now();
        log(`${file} changed: rebuilding the worker`);
        if (!(await bundleWorker())) {
          log('the worker did not build (see above); still serving the last one');
          continue;
        }
        // The same reload as for new pages: workerd restarts on the new bundle under the edge's hold.
        await worker.reloadAssets();
        log(`worker reloaded in ${Math.round(performance.now() - started)} ms`);
      } while (again);
    })()
      .catch((err: unknown) => log(`reload failed: ${String(err)}`))
      .finally(() => (rebuilding = null));
  }, 200);
}
const watchers = ['worker', 'db', 'domain'].map((dir) =>
  watch(dir, { recursive: true }, (_event, name) => {
    if (name && /\.(ts|tsx|js|json|sql)$/.test(name)) workerChanged(join(dir, name));
  }),
);

// The catalog rebuilder, as under npm start, so the static pages on the worker's port follow the data.
let stopping = false;
const rebuilder = startRebuildWatcher({ worker, databaseUrl: dbUrl, log });

// Astro's dev server over the same database, passing the worker's paths to the worker.
const runWorkerFirst = unstable_readConfig({ config: 'wrangler.jsonc' }).assets?.run_worker_first;
const astro = spawn('astro', ['dev', '--config', 'scripts/dev.astro.config.mjs', '--port', String(astroPort), '--ignore-lock'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    DATABASE_URL: dbUrl,
    ASTRO_TELEMETRY_DISABLED: '1',
    COMPTOIR_DEV_WORKER_URL: worker.url,
    COMPTOIR_DEV_WORKER_PATHS: JSON.stringify(Array.isArray(runWorkerFirst) ? runWorkerFirst : []),
  },
});
astro.on('exit', (code) => {
  if (!stopping) log(`the Astro dev server stopped (exit ${code})`);
});
// However this process ends, the dev server ends with it (it holds its port and ~600 MB).
process.once('exit', () => astro.kill('SIGKILL'));

console.log(`
Comptoir (development)
  ${worker.url}/                the worker and the last build, as in production (back office: /gestion/, mail: /dev/mailbox)
  http://127.0.0.1:${astroPort}/   the site's pages rendered from the code in site/ and the database, live
  A change in worker/, db/ or domain/ reloads the worker; a change in site/ reloads the page. Ctrl+C stops.
`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    stopping = true;
    for (const w of watchers) w.close();
    rebuilder.stop();
    astro.kill('SIGINT');
    void worker.close().then(() => process.exit(0));
  });
}
