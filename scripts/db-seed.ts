// `npm run db:seed`: brings the configured database (DATABASE_URL or the embedded file) up to date and
// seeds the demo co-op, only when it has no enterprise yet; existing data is never touched.
import { connect } from '../db/core/connect.ts';
import { migrateDatabase } from '../db/core/migrate.ts';
import { seedIfEmpty } from '../db/seed/demo.ts';

const conn = await connect();
try {
  await migrateDatabase(conn.db);
  const where = conn.url.startsWith('file:') ? conn.url : 'remote database';
  const summary = await seedIfEmpty(conn.db, Date.now());
  if (summary) {
    console.log(
      `seeded demo co-op: ${summary.hubs} hubs, ${summary.producers} producers, ${summary.variants} variants, ${summary.cycles} cycles (${where})`,
    );
  } else {
    console.log(`database already has data, seed skipped (${where})`);
  }
} finally {
  conn.close();
}
