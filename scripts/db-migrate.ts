// `npm run db:migrate`: applies the committed migrations to the configured database (DATABASE_URL or the embedded file).
import { connect } from '../db/core/connect.ts';
import { migrateDatabase } from '../db/core/migrate.ts';

const conn = await connect();
try {
  const applied = await migrateDatabase(conn.db);
  console.log(`migrations: ${conn.url.startsWith('file:') ? conn.url : 'remote database'} is up to date (${applied} migrations in total)`);
} finally {
  conn.close();
}
