// drizzle-kit reads the schema from here and writes SQL migrations to db/migrations (committed, never edited).
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './db/schema/index.ts',
  out: './db/migrations',
  strict: true,
  verbose: true,
});
