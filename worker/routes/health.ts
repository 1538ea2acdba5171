// GET /api/health: the worker is up and can query the database.
import { Hono } from 'hono';
import { sql } from 'drizzle-orm';
import { databaseFor } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { problemResponse } from '../problem.ts';

export const health = new Hono<AppEnv>().get('/', async (c) => {
  const started = Date.now();
  try {
    await databaseFor(c.env).run(sql`SELECT 1`);
  } catch (err) {
    console.error(JSON.stringify({ requestId: c.get('requestId'), health: 'database unreachable', error: String(err) }));
    return problemResponse(c, 503, { title: 'The database cannot be reached.', code: 'DATABASE_UNAVAILABLE' });
  }
  return c.json({ status: 'ok', database: { status: 'ok', latencyMs: Date.now() - started } });
});
