// The catalog rebuild log (catalog_rebuilds) and each page's publication status: what the back office
// shows, and the claim / publish / fail steps every rebuilder (local loop, CI deploy) goes through.
import { sql } from 'drizzle-orm';
import { canonicalPagePath } from '../../domain/catalog-paths.ts';
import { batchOf } from '../core/batch.ts';
import type { Db } from '../core/client.ts';
import { NOW_MS, recordStaleStatement } from './stale-pages.ts';

export const REBUILD_STATES = ['queued', 'building', 'published', 'failed'] as const;
export type RebuildState = (typeof REBUILD_STATES)[number];

export interface Rebuild {
  id: number;
  state: RebuildState;
  reason: string;
  error: string | null;
  requestedAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

export type PageState = 'up-to-date' | 'stale' | 'rebuilding' | 'failed';

export interface PageStatus {
  state: PageState;
  /** When the latest publication finished: from then on the served page was current (null if none yet). */
  lastPublishedAt: number | null;
  error: string | null;
}

const REBUILD_COLUMNS = sql.raw(
  'id, state, reason, error, requested_at AS requestedAt, started_at AS startedAt, finished_at AS finishedAt',
);

export async function latestRebuild(db: Db): Promise<Rebuild | null> {
  const rows = await db.all<Rebuild>(sql`SELECT ${REBUILD_COLUMNS} FROM catalog_rebuilds ORDER BY id DESC LIMIT 1`);
  return rows[0] ?? null;
}

export async function recentRebuilds(db: Db, limit = 20): Promise<Rebuild[]> {
  return db.all<Rebuild>(sql`SELECT ${REBUILD_COLUMNS} FROM catalog_rebuilds ORDER BY id DESC LIMIT ${limit}`);
}

export async function stalePageCount(db: Db): Promise<number> {
  const rows = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM stale_pages`);
  return rows[0]?.n ?? 0;
}

/**
 * Whether the public page at `path` shows the current data. A stale page is « rebuilding » once a
 * rebuild that started after the change is under way, « failed » if that rebuild failed.
 */
export async function pageStatus(db: Db, path: string): Promise<PageStatus> {
  const page = canonicalPagePath(path);
  const [stale, published] = await db.batch([
    db.all<{ state: RebuildState | null; error: string | null }>(sql`SELECT
        (SELECT r.state FROM catalog_rebuilds r WHERE r.started_at >= s.marked_at ORDER BY r.id DESC LIMIT 1) AS state,
        (SELECT r.error FROM catalog_rebuilds r WHERE r.started_at >= s.marked_at ORDER BY r.id DESC LIMIT 1) AS error
      FROM stale_pages s WHERE s.path = ${page}`),
    db.all<{ finishedAt: number | null }>(sql`SELECT max(finished_at) AS finishedAt FROM catalog_rebuilds WHERE state = 'published'`),
  ]);
  const lastPublishedAt = published[0]?.finishedAt ?? null;
  const mark = stale[0];
  if (!mark) return { state: 'up-to-date', lastPublishedAt, error: null };
  if (mark.state === 'building') return { state: 'rebuilding', lastPublishedAt, error: null };
  if (mark.state === 'failed') return { state: 'failed', lastPublishedAt, error: mark.error };
  return { state: 'stale', lastPublishedAt, error: null };
}

/** What a rebuilder took on: the log rows it answers for and the stale pages as they were then. */
export interface RebuildClaim {
  ids: number[];
  startedAt: number;
  pages: Array<{ path: string; markedAt: number }>;
}

/** A build with no news for this long is taken as dead (a crashed process, a deploy hook never run). */
export const ABANDONED_AFTER_MS = 20 * 60_000;

/**
 * Takes every queued rebuild as one build, with a snapshot of the stale pages, in one transaction.
 * `alsoBuilding` takes rows a deploy hook already moved to building (production hand-off).
 */
export async function claimRebuild(db: Db, opts: { alsoBuilding?: boolean } = {}): Promise<RebuildClaim | null> {
  const states = opts.alsoBuilding ? sql.raw(`('queued', 'building')`) : sql.raw(`('queued')`);
  const [, claimed, pages] = await db.batch([
    db.run(sql`UPDATE catalog_rebuilds SET state = 'failed', error = 'abandoned: no report from the builder', finished_at = ${NOW_MS}
      WHERE state = 'building' AND started_at < ${NOW_MS} - ${ABANDONED_AFTER_MS}`),
    db.all<{ id: number; startedAt: number }>(sql`UPDATE catalog_rebuilds SET state = 'building', started_at = ${NOW_MS}, error = NULL
      WHERE state IN ${states} RETURNING id, started_at AS startedAt`),
    db.all<{ path: string; markedAt: number }>(sql`SELECT path, marked_at AS markedAt FROM stale_pages ORDER BY path`),
  ]);
  if (claimed.length === 0) return null;
  return { ids: claimed.map((r) => r.id).sort((a, b) => a - b), startedAt: Math.max(...claimed.map((r) => r.startedAt)), pages };
}

/**
 * Records a publication: the snapshot's pages are current unless marked again since the claim (their
 * mark time then differs, and they wait for the next rebuild, already queued by that mark). With
 * `failedPaths`, those pages could not be rendered: they stay stale, and the rebuild is recorded failed
 * with `error` (which names them), so their status says failed and why, while every other page is current.
 */
export async function publishRebuild(
  db: Db,
  claim: RebuildClaim,
  partial?: { failedPaths: readonly string[]; error: string },
): Promise<void> {
  const failed = new Set(partial?.failedPaths ?? []);
  const marks = JSON.stringify(claim.pages.filter((p) => !failed.has(canonicalPagePath(p.path))).map((p) => [p.path, p.markedAt]));
  const ids = JSON.stringify(claim.ids);
  await db.batch([
    db.run(
      sql`DELETE FROM stale_pages WHERE (path, marked_at) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(${marks}))`,
    ),
    // A full build may fail a page nobody had marked: marked now, as of the claim, it reads failed and is retried.
    db.run(sql`INSERT INTO stale_pages (path, reason, marked_at) SELECT value, 'could not be rendered', ${claim.startedAt} FROM json_each(${JSON.stringify([...failed])}) WHERE true
      ON CONFLICT (path) DO NOTHING`),
    partial
      ? db.run(
          sql`UPDATE catalog_rebuilds SET state = 'failed', finished_at = ${NOW_MS}, error = ${partial.error.slice(0, 1000)} WHERE id IN (SELECT value FROM json_each(${ids}))`,
        )
      : db.run(
          sql`UPDATE catalog_rebuilds SET state = 'published', finished_at = ${NOW_MS}, error = NULL WHERE id IN (SELECT value FROM json_each(${ids}))`,
        ),
  ]);
}

/** Records a failure; the pages stay stale, and the reason is shown to managers. */
export async function failRebuild(db: Db, claim: Pick<RebuildClaim, 'ids'>, error: string): Promise<void> {
  await db.run(sql`UPDATE catalog_rebuilds SET state = 'failed', finished_at = ${NOW_MS}, error = ${error.slice(0, 1000)}
    WHERE id IN (SELECT value FROM json_each(${JSON.stringify(claim.ids)}))`);
}

/** Rows still marked building (e.g. after the rebuilder was stopped mid-build) are failed, so they do not block. */
export async function failInterruptedRebuilds(db: Db, error = 'interrupted: the rebuilder stopped during the build'): Promise<void> {
  await db.run(sql`UPDATE catalog_rebuilds SET state = 'failed', finished_at = ${NOW_MS}, error = ${error} WHERE state = 'building'`);
}

/** The queued rebuild, with how long ago its last page was marked (for debouncing a burst of edits). */
export async function pendingRebuild(db: Db): Promise<{ id: number; requestedAt: number; lastMarkAgoMs: number; nowMs: number } | null> {
  const rows = await db.all<{
    id: number;
    requestedAt: number;
    lastMark: number | null;
    nowMs: number;
  }>(sql`SELECT r.id, r.requested_at AS requestedAt,
      (SELECT max(marked_at) FROM stale_pages) AS lastMark, ${NOW_MS} AS nowMs
    FROM catalog_rebuilds r WHERE r.state = 'queued' ORDER BY r.id LIMIT 1`);
  const row = rows[0];
  if (!row) return null;
  return { id: row.id, requestedAt: row.requestedAt, lastMarkAgoMs: row.nowMs - (row.lastMark ?? row.requestedAt), nowMs: row.nowMs };
}

// ---------------------------------------------------------------------------------------------
// On a schedule (worker/jobs/catalog-schedule.ts): cycles opening and closing, retries, deploy hooks.

/** How far back the schedule looks for cycles that opened or closed (a missed tick is caught up). */
export const TRANSITION_LOOKBACK_MS = 10 * 60_000;
/** A failed rebuild is retried this long after it failed, if its pages are still stale. */
export const RETRY_AFTER_MS = 10 * 60_000;

/**
 * Marks the pages of every cycle that opened or closed in the last minutes and was not yet handled,
 * each with a rebuild of its own in the log (its reason names the moment, so it is handled once).
 */
export async function markCycleTransitions(db: Db, now: number): Promise<string[]> {
  const since = now - TRANSITION_LOOKBACK_MS;
  const rows = await db.all<{ id: number; at: number; what: 'opened' | 'closed' }>(sql`
    SELECT id, opens_at AS at, 'opened' AS what FROM order_cycles WHERE opens_at > ${since} AND opens_at <= ${now}
    UNION ALL SELECT id, closes_at AS at, 'closed' AS what FROM order_cycles WHERE closes_at > ${since} AND closes_at <= ${now}`);
  const reasons = rows.map((r) => ({ ...r, reason: `cycle ${r.id} ${r.what} at ${new Date(r.at).toISOString()}` }));
  if (reasons.length === 0) return [];
  const known = await db.all<{ reason: string }>(sql`SELECT reason FROM catalog_rebuilds WHERE requested_at > ${since - 60_000}`);
  const fresh = reasons.filter((r) => !known.some((k) => k.reason.includes(r.reason)));
  if (fresh.length === 0) return [];
  await db.batch(
    batchOf(
      fresh.flatMap((r) => [
        recordStaleStatement(db, { kind: 'cycle', cycleId: r.id }, r.reason),
        db.run(sql`INSERT INTO catalog_rebuilds (state, reason, requested_at) VALUES ('queued', ${r.reason}, ${NOW_MS})`),
      ]),
    ),
  );
  return fresh.map((r) => r.reason);
}

/** Queues the stale pages again when the last rebuild failed a while ago and nothing else is pending. */
export async function retryFailedRebuild(db: Db, now: number): Promise<boolean> {
  const rows = await db.all<{ id: number }>(sql`INSERT INTO catalog_rebuilds (state, reason, requested_at)
    SELECT 'queued', 'retry after: ' || substr(coalesce(last.error, 'failure'), 1, 200), ${NOW_MS}
    FROM (SELECT * FROM catalog_rebuilds ORDER BY id DESC LIMIT 1) last
    WHERE last.state = 'failed' AND last.finished_at < ${now - RETRY_AFTER_MS}
      AND EXISTS (SELECT 1 FROM stale_pages)
      AND NOT EXISTS (SELECT 1 FROM catalog_rebuilds WHERE state IN ('queued', 'building'))
    RETURNING id`);
  return rows.length > 0;
}

export interface DeployHook {
  url: string;
  token?: string | undefined;
  /** Wait until no page was marked for this long, so a burst of edits makes one deploy. */
  quietMs: number;
  /** …but never longer than this after the first request. */
  maxWaitMs: number;
}

/**
 * Production: when rebuilds are queued and edits have settled, calls the CI's deploy hook (which runs
 * `npm run catalog:rebuild -- --deploy`) and moves them to building; a refused call fails them with the
 * reason. Nothing is called while a build is under way.
 */
export async function callDeployHook(
  db: Db,
  hook: DeployHook,
  fetcher: typeof fetch = fetch,
): Promise<'called' | 'waiting' | 'idle' | 'busy' | 'failed'> {
  const [pending, building] = await db.batch([
    db.all<{ firstAt: number; lastMark: number | null; nowMs: number; n: number; reasons: string }>(sql`SELECT min(requested_at) AS firstAt,
        (SELECT max(marked_at) FROM stale_pages) AS lastMark, ${NOW_MS} AS nowMs, count(*) AS n, group_concat(reason, ' ; ') AS reasons
      FROM catalog_rebuilds WHERE state = 'queued'`),
    db.all<{ n: number }>(
      sql`SELECT count(*) AS n FROM catalog_rebuilds WHERE state = 'building' AND started_at > ${NOW_MS} - ${ABANDONED_AFTER_MS}`,
    ),
  ]);
  const q = pending[0];
  if (!q || q.n === 0) return 'idle';
  if ((building[0]?.n ?? 0) > 0) return 'busy';
  const settled = q.nowMs - (q.lastMark ?? q.firstAt) >= hook.quietMs || q.nowMs - q.firstAt >= hook.maxWaitMs;
  if (!settled) return 'waiting';
  let error: string | null = null;
  try {
    const res = await fetcher(hook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        'user-agent': 'comptoir-catalog',
        ...(hook.token ? { authorization: `Bearer ${hook.token}` } : {}),
      },
      // GitHub's repository_dispatch shape; hooks of other CIs ignore the body.
      body: JSON.stringify({ event_type: 'catalog-rebuild', client_payload: { reason: q.reasons.slice(0, 500) } }),
    });
    if (!res.ok) error = `the deploy hook answered ${res.status}`;
  } catch (err) {
    error = `the deploy hook could not be reached: ${err instanceof Error ? err.message : String(err)}`;
  }
  await db.run(
    error === null
      ? sql`UPDATE catalog_rebuilds SET state = 'building', started_at = ${NOW_MS} WHERE state = 'queued'`
      : sql`UPDATE catalog_rebuilds SET state = 'failed', error = ${error}, started_at = ${NOW_MS}, finished_at = ${NOW_MS} WHERE state = 'queued'`,
  );
  return error === null ? 'called' : 'failed';
}
