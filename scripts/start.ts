// `npm start`: the demo co-op on the embedded database, served like production on http://127.0.0.1:8787.
// Migrates, seeds the demo if the database is empty, builds the site and worker, then runs them in
// workerd with the database reached over libSQL's HTTP protocol.
import { connect, DEFAULT_DATABASE_FILE } from '../db/connect.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { seedIfEmpty } from '../db/seed/demo.ts';
import { build } from './build.ts';
import { startLocalWorker } from './local-worker.ts';

const port = Number(process.env.PORT ?? 8787);
const dbFile = DEFAULT_DATABASE_FILE;

const conn = await connect(`file:${dbFile}`);
await migrateDatabase(conn.db);
const seeded = await seedIfEmpty(conn.db, Date.now());
console.log(seeded ? `seeded the demo co-op: ${seeded.hubs} hubs, ${seeded.producers} producers, ${seeded.variants} variants` : `using the data already in ${dbFile}`);
conn.close();

build({ ...process.env, DATABASE_URL: `file:${dbFile}` });

const worker = await startLocalWorker({ dbPath: dbFile, port, cron: true });
console.log(`\nComptoir is running at ${worker.url}/  (database: ${dbFile}, press Ctrl+C to stop)\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void worker.close().then(() => process.exit(0));
  });
}
