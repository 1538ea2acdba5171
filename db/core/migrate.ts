// Applies the committed drizzle migrations; an explicit step, never run while serving a request.
import { migrate } from 'drizzle-orm/libsql/migrator';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from './client.ts';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../migrations', import.meta.url));

/** Brings the database up to date and returns how many migrations the project has. */
export async function migrateDatabase(db: Db): Promise<number> {
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  const journal = JSON.parse(readFileSync(`${MIGRATIONS_FOLDER}/meta/_journal.json`, 'utf8')) as { entries: unknown[] };
  return journal.entries.length;
}
