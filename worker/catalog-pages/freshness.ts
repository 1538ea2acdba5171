// Whether a published catalog page is stale, asked once per page and isolate every second at most: the
// micro-cache that lets a busy shop page run the worker without a database read per view.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/core/client.ts';

/**
 * How long an isolate reuses what it read for a page (stale or not, and the current data of a stale
 * page). A change is committed with its stale mark in one batch, so it shows at the latest this long
 * after the edit plus two database round trips: well within the 5 s promised.
 */
export const MEMO_MS = 1_000;

/**
 * How long a page view waits for the database before serving the page as published. Far below the
 * worker's DATABASE_TIMEOUT_MS: a page is never held for a slow database.
 */
export const PAGE_DB_BUDGET_MS = 1_500;

/** A cycle that opened or closed this recently makes its shops' pages fresh-checked: the schedule marks them within a minute. */
const TRANSITION_WINDOW_MS = 120_000;

const MAX_ENTRIES = 2_000;
const memo = new Map<string, { until: number; ok: boolean; value: unknown }>();

/**
 * `load()`'s outcome, reused by the requests of the next MEMO_MS (a failure too, so a database down is
 * not asked on every view). Only settled outcomes are kept: workerd does not let a request wait on a
 * promise another request's I/O settles, so concurrent misses each read for themselves.
 */
export async function remembered<T>(key: string, load: () => Promise<T>, now = Date.now()): Promise<T> {
  const hit = memo.get(key);
  if (hit && hit.until > now) {
    if (hit.ok) return hit.value as T;
    throw hit.value;
  }
  if (memo.size >= MAX_ENTRIES) for (const [k, v] of memo) if (v.until <= now || memo.size >= MAX_ENTRIES) memo.delete(k);
  try {
    const value = await withinBudget(load());
    memo.set(key, { until: now + MEMO_MS, ok: true, value });
    return value;
  } catch (err) {
    memo.set(key, { until: now + MEMO_MS, ok: false, value: err });
    throw err;
  }
}

function withinBudget<T>(p: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the database within ${PAGE_DB_BUDGET_MS} ms`)), PAGE_DB_BUDGET_MS);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/**
 * True when the page (canonical path) has a stale mark, or, for a shop page, when one of the hub's cycles
 * opened or closed in the last two minutes (before the schedule's mark lands). One indexed read.
 */
export async function isStale(db: Db, path: string, shopHubSlug: string | null, now: number): Promise<boolean> {
  const transition = shopHubSlug
    ? sql`OR EXISTS (SELECT 1 FROM cycle_outgoing co JOIN order_cycles oc ON oc.id = co.cycle_id JOIN enterprises h ON h.id = co.hub_id
        WHERE h.slug = ${shopHubSlug} AND (oc.opens_at BETWEEN ${now - TRANSITION_WINDOW_MS} AND ${now} OR oc.closes_at BETWEEN ${now - TRANSITION_WINDOW_MS} AND ${now}))`
    : sql``;
  const rows = await db.all<{ stale: number }>(
    sql`SELECT (EXISTS (SELECT 1 FROM stale_pages WHERE path = ${path}) ${transition}) AS stale`,
  );
  return rows[0]?.stale === 1;
}
