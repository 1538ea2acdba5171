// `npm start`: the demo co-op on the embedded database, served like production on http://127.0.0.1:8787.
// Migrates, seeds the demo if the database is empty, builds the site and worker, then runs them in
// workerd with the database reached over libSQL's HTTP protocol. A child process rebuilds the catalog
// pages an edit or a cycle opening/closing makes stale (scripts/catalog-rebuild.ts --watch); this
// process then has the asset server pick the new files up.
import { setFlagsFromString } from 'node:v8';

// V8 sizes its heap on the machine's memory and keeps the pages once grown: loading drizzle, miniflare
// and wrangler alone left this process at ~570 MB resident. Sized for memory rather than speed it rests
// at ~300 MB, which a local server can afford; the modules are loaded after the flag is set.
setFlagsFromString('--optimize-for-size');

const { connect, DEFAULT_DATABASE_FILE } = await import('../db/core/connect.ts');
const { migrateDatabase } = await import('../db/core/migrate.ts');
const { seedIfEmpty } = await import('../db/seed/demo.ts');
const { startRebuildWatcher } = await import('./rebuild-watcher.ts');
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

const rebuilder = startRebuildWatcher({ worker, databaseUrl: `file:${dbFile}`, log: (m) => console.error(m) });

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    rebuilder.stop();
    void worker.close().then(() => process.exit(0));
  });
}
