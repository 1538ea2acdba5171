// drizzle-kit reads the schema from here and writes SQL migrations to db/migrations (committed, never
// edited); `npx drizzle-kit studio` browses the configured database: DATABASE_URL (with
// DATABASE_AUTH_TOKEN for Turso) or, by default, the embedded file `npm start` uses.
import { defineConfig } from 'drizzle-kit';
import { databaseUrl } from './db/core/connect.ts';

const url = databaseUrl();

export default defineConfig({
  // 'turso' is drizzle-kit's name for libSQL (the embedded file and Turso/sqld alike); the SQL it
  // generates is SQLite's.
  dialect: 'turso',
  schema: './db/schema/index.ts',
  out: './db/migrations',
  dbCredentials: process.env.DATABASE_AUTH_TOKEN ? { url, authToken: process.env.DATABASE_AUTH_TOKEN } : { url },
  strict: true,
  verbose: true,
});
