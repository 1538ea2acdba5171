// The worker's database handle: libSQL over HTTP (workerd cannot open files), one per isolate and URL.
import { createClient } from '@libsql/client/web';
import { drizzle } from 'drizzle-orm/libsql/web';
import { schema, type Db } from '../db/client.ts';
import type { Env } from './env.ts';

let cached: { key: string; db: Db } | undefined;

export function databaseFor(env: Env): Db {
  const key = `${env.DATABASE_URL}#${env.DATABASE_AUTH_TOKEN ?? ''}`;
  if (cached?.key !== key) {
    // The client is shared by the isolate's concurrent requests; its default limit of 20 calls in flight
    // would queue one request's query behind another's, and workerd cancels a request waiting on another.
    const client = createClient({ url: env.DATABASE_URL, authToken: env.DATABASE_AUTH_TOKEN, concurrency: 10_000 });
    cached = { key, db: drizzle(client, { schema }) };
  }
  return cached.db;
}
