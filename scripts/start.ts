// `npm start`: the demo co-op on the embedded database, served like production on http://127.0.0.1:8787.
// Migrates, seeds the demo if the database is empty, builds the site and worker, then runs them in
// workerd with the database reached over libSQL's HTTP protocol. A child process rebuilds the catalog
// pages an edit or a cycle opening/closing makes stale (scripts/catalog-rebuild.ts --watch); this
// process then has the asset server pick the new files up.
import type { ChildProcess } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';

// V8 sizes its heap on the machine's memory and keeps the pages once grown: loading drizzle, miniflare
// and wrangler alone left this process at ~570 MB resident. Sized for memory rather than speed it rests
// at ~300 MB, which a local server can afford; the modules are loaded after the flag is set.
setFlagsFromString('--optimize-for-size');
/** The rebuilder's young generation kept small (it rests at ~120 MB instead of ~240 MB); its builds keep full speed. */
const LEAN_CHILD = ['--max-semi-space-size=4'];

const { connect, DEFAULT_DATABASE_FILE } = await import('../db/core/connect.ts');
const { migrateDatabase } = await import('../db/core/migrate.ts');
const { seedIfEmpty } = await import('../db/seed/demo.ts');
const { fork } = await import('node:child_process');
const { build } = await import('./build.ts');
const { startLocalWorker } = await import('./local-worker.ts');

const port = Number(process.env.PORT ?? 8787);
const dbFile = DEFAULT_DATABASE_FILE;

const conn = await connect(`file:${dbFile}`);
await migrateDatabase(conn.db);
const seeded = await seedIfEmpty(conn.db, Date.now());
console.log(
  seeded
    ? `seeded the demo co-op: ${seeded.hubs} hubs, ${seeded.producers} producers, ${seeded.variants} variants`
    : `using the data already in ${dbFile}`,
);
conn.close();

build({ ...process.env, DATABASE_URL: `file:${dbFile}` });

// /dev/mailbox shows the e-mail that would be sent; Stripe and e-mail settings come from the environment (README).
// Links (sign-in, e-mails, Stripe's return) are built on PUBLIC_URL: the URL served here, unless the
// environment names another (a tunnel or proxy in front).
const fromEnv = ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'EMAIL_API_URL', 'EMAIL_API_KEY', 'EMAIL_FROM', 'PUBLIC_URL'].flatMap((k) =>
  process.env[k] ? [[k, process.env[k]!]] : [],
);
const worker = await startLocalWorker({ dbPath: dbFile, port, cron: true, bindings: { DEV_MAILBOX: '1', ...Object.fromEntries(fromEnv) } });
console.log(`links point to ${process.env.PUBLIC_URL || worker.url}`);
console.log(`\nComptoir is running at ${worker.url}/  (database: ${dbFile}, press Ctrl+C to stop)\n`);

let stopping = false;
let rebuilder = startRebuilder();

/** The catalog rebuilder, started again when it exits on its own (it does so to shed memory once idle, exit 75). */
function startRebuilder(): ChildProcess {
  const child = fork('scripts/catalog-rebuild.ts', ['--watch'], {
    env: { ...process.env, DATABASE_URL: `file:${dbFile}` },
    execArgv: [...process.execArgv, ...LEAN_CHILD],
  });
  child.on('message', (m: { type?: string; id?: number }) => {
    if (m?.type !== 'reload-assets') return;
    worker.reloadAssets().then(
      () => child.send({ type: 'assets-reloaded', id: m.id }),
      (err: unknown) => child.send({ type: 'assets-reloaded', id: m.id, error: String(err) }),
    );
  });
  child.on('exit', (code) => {
    if (stopping) return;
    if (code !== 75) console.error(`the catalog rebuilder stopped (exit ${code}); starting it again`);
    setTimeout(() => (rebuilder = startRebuilder()), code === 75 ? 0 : 5000);
  });
  return child;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    stopping = true;
    rebuilder.kill('SIGTERM');
    void worker.close().then(() => process.exit(0));
  });
}
