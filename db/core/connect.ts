// Opens the configured database from Node: the embedded file by default, or a libSQL server
// (Turso, sqld) when DATABASE_URL says so. The worker has its own HTTP-only entry (worker/db.ts).
import { createClient, type Client } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { schema, type Db } from './client.ts';

export const DEFAULT_DATABASE_FILE = 'data/comptoir.db';

export interface Connection {
  db: Db;
  client: Client;
  url: string;
  close(): void;
}

/** URL of the configured database: DATABASE_URL, else the embedded file. */
export function databaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_URL || `file:${DEFAULT_DATABASE_FILE}`;
}

export async function connect(url = databaseUrl(), authToken = process.env.DATABASE_AUTH_TOKEN): Promise<Connection> {
  if (url.startsWith('file:')) mkdirSync(dirname(url.slice('file:'.length)), { recursive: true });
  const client = createClient(authToken ? { url, authToken } : { url });
  if (url.startsWith('file:')) {
    // WAL lets the build read while the local HTTP endpoint writes; foreign keys are off by default in SQLite.
    await client.execute('PRAGMA journal_mode = WAL');
    await client.execute('PRAGMA busy_timeout = 5000');
  }
  await client.execute('PRAGMA foreign_keys = ON');
  return { db: drizzle(client, { schema }), client, url, close: () => client.close() };
}
