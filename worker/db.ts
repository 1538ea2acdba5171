// The worker's database handle: libSQL over HTTP (workerd cannot open files), one per isolate and URL,
// each call bounded in time; and the one test that tells an unreachable database from a refused statement.
import { createClient } from '@libsql/client/web';
import { drizzle } from 'drizzle-orm/libsql/web';
import { schema, type Db } from '../db/core/client.ts';
import type { Env } from './env.ts';

/** How long one call to the database may take before the request gives up (DATABASE_TIMEOUT_MS). */
export const DEFAULT_DATABASE_TIMEOUT_MS = 5_000;

/**
 * The database did not answer in time, could not be reached, or failed on its side (a 5xx): a retry
 * later may succeed. Raised by the client's fetch, so the SQL layers above pass it on as the cause.
 */
export class DatabaseUnavailableError extends Error {
  constructor(
    readonly reason: 'timeout' | 'network' | 'server',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DatabaseUnavailableError';
  }
}

let cached: { key: string; db: Db } | undefined;

export function databaseFor(env: Env): Db {
  const timeoutMs = timeoutOf(env);
  const key = `${env.DATABASE_URL}#${env.DATABASE_AUTH_TOKEN ?? ''}#${timeoutMs}`;
  if (cached?.key !== key) {
    // The client is shared by the isolate's concurrent requests; its default limit of 20 calls in flight
    // would queue one request's query behind another's, and workerd cancels a request waiting on another.
    const client = createClient({
      url: env.DATABASE_URL,
      authToken: env.DATABASE_AUTH_TOKEN,
      concurrency: 10_000,
      fetch: boundedFetch(timeoutMs),
    });
    cached = { key, db: drizzle(client, { schema }) };
  }
  return cached.db;
}

function timeoutOf(env: Env): number {
  const ms = Number(env.DATABASE_TIMEOUT_MS);
  return Number.isFinite(ms) && ms > 0 ? ms : DEFAULT_DATABASE_TIMEOUT_MS;
}

/**
 * fetch for the libSQL client: the whole exchange, body included, within `timeoutMs`, and every way
 * of not getting an answer turned into DatabaseUnavailableError. Without it a hanging database holds
 * each request (the health check too) for as long as it hangs. The body is read here, inside the
 * bound, so a connection lost halfway is told apart from a statement the database refused.
 */
function boundedFetch(timeoutMs: number) {
  return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const signal = AbortSignal.timeout(timeoutMs);
    let res: Response;
    let body: ArrayBuffer;
    try {
      res = await fetch(input, { ...init, signal });
      body = await res.arrayBuffer();
    } catch (err) {
      if (signal.aborted)
        throw new DatabaseUnavailableError('timeout', `The database did not answer within ${timeoutMs} ms.`, { cause: err });
      throw new DatabaseUnavailableError('network', `The database cannot be reached: ${String(err)}`, { cause: err });
    }
    if (res.status >= 500)
      throw new DatabaseUnavailableError(
        'server',
        `The database answered HTTP ${res.status}: ${new TextDecoder().decode(body).slice(0, 200)}`,
      );
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}

/**
 * True when the error (or one of its causes) says the database is unreachable, slow or failing on its
 * side, which a retry may cure: a 503. A statement refused as such (constraint, SQL error) is the
 * caller's, and stays what it is. SQLITE_BUSY is the database running out of its own wait for a lock.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 8; e = e.cause as typeof e, depth++) {
    if (e instanceof DatabaseUnavailableError) return true;
    if (typeof e.code === 'string' && e.code.startsWith('SQLITE_BUSY')) return true;
  }
  return false;
}
