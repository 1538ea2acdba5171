// GET /api/health: the worker is up and can query the database, answered within the database's bound.
import { Hono } from 'hono';
import { sql } from 'drizzle-orm';
import { DatabaseUnavailableError, databaseFor } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { databaseUnavailable } from '../problem.ts';

export const health = new Hono<AppEnv>().get('/', async (c) => {
  const started = Date.now();
  c.header('cache-control', 'no-store');
  try {
    await databaseFor(c.env).run(sql`SELECT 1`);
  } catch (err) {
    console.error(JSON.stringify({ requestId: c.get('requestId'), health: 'database unreachable', error: String(err) }));
    const reason = causeOf(err)?.reason ?? 'error';
    return databaseUnavailable(c, { database: { status: 'unreachable', reason, latencyMs: Date.now() - started } });
  }
  return c.json({ status: 'ok', database: { status: 'ok', latencyMs: Date.now() - started } });
});

function causeOf(err: unknown): DatabaseUnavailableError | undefined {
  for (let e = err as { cause?: unknown } | undefined, depth = 0; e && depth < 8; e = e.cause as typeof e, depth++) {
    if (e instanceof DatabaseUnavailableError) return e;
  }
  return undefined;
}
