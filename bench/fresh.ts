// `npm run bench:fresh`: what running shop pages through the worker costs (README « Fresh pages in
// production»). Against the local worker in workerd over a seeded demo database, N sequential GETs of
// the largest demo shop page each way: the same file as a plain static asset (no worker), through the
// worker while current (stale check, then the asset), and stale (patched with the current data).
// Prints one JSON line (ms). Builds the site and the worker first (the bundle must hold this code).
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { shopItems } from '../db/catalog/shop.ts';
import { hubSummaries } from '../db/catalog/site.ts';
import { connect } from '../db/core/connect.ts';
import { migrateDatabase } from '../db/core/migrate.ts';
import { seedDemo } from '../db/seed/demo.ts';
import { paths } from '../domain/catalog-paths.ts';
import { build, DEFAULT_DIST } from '../scripts/build.ts';
import { startLocalWorker } from '../scripts/local-worker.ts';

const N = Number(process.env.N ?? 500);
const dir = mkdtempSync(join(tmpdir(), 'comptoir-bench-'));
const dbPath = join(dir, 'bench.db');
const conn = await connect(`file:${dbPath}`);
await migrateDatabase(conn.db);
await seedDemo(conn.db, { now: Date.now() });
const hubs = (await hubSummaries(conn.db, Date.now())).filter((h) => h.open);
const sized = await Promise.all(
  hubs.map(async (h) => ({
    hub: h,
    variants: (await shopItems(conn.db, { hubId: h.id, cycleId: h.open!.cycleId, outgoingId: h.open!.outgoingId })).length,
  })),
);
const { hub, variants } = sized.sort((a, b) => b.variants - a.variants)[0]!;
build({ ...process.env, DATABASE_URL: `file:${dbPath}` });
const shopPath = paths.shop('fr', hub.slug);
// The same bytes at a path the worker does not run first: the plain static asset.
mkdirSync(join(DEFAULT_DIST, 'client', 'bench-static'), { recursive: true });
copyFileSync(join(DEFAULT_DIST, 'client', shopPath.slice(1), 'index.html'), join(DEFAULT_DIST, 'client', 'bench-static', 'index.html'));

const worker = await startLocalWorker({ dbPath });
try {
  const get = async (path: string, expect: string | null) => {
    const t0 = performance.now();
    const res = await fetch(worker.url + path);
    const bytes = (await res.arrayBuffer()).byteLength;
    if (res.status !== 200 || res.headers.get('comptoir-page') !== expect)
      throw new Error(`${path} answered ${res.status}, comptoir-page ${res.headers.get('comptoir-page')}`);
    return { ms: performance.now() - t0, bytes };
  };
  const stats = (samples: number[], bytes: number) => {
    samples.sort((a, b) => a - b);
    const q = (p: number) => Number(samples[Math.min(samples.length - 1, Math.floor(p * samples.length))]!.toFixed(2));
    return { p50Ms: q(0.5), p90Ms: q(0.9), p99Ms: q(0.99), bytes };
  };
  // Interleaved, so the machine's load (other processes) weighs on both sides alike.
  const pair = async (worker: string | null) => {
    const a: number[] = [];
    const b: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 50; i++) await Promise.all([get('/bench-static/', null), get(shopPath, worker)]).catch(() => {});
    for (let i = 0; i < N; i++) {
      a.push((await get('/bench-static/', null)).ms);
      const r = await get(shopPath, worker);
      b.push(r.ms);
      bytes = r.bytes;
    }
    return [stats(a, bytes), stats(b, bytes)] as const;
  };
  const [plain, current] = await pair(null);
  await conn.db.run(sql`INSERT INTO stale_pages (path, reason) VALUES (${shopPath}, 'bench')`);
  await new Promise((r) => setTimeout(r, 1_100));
  const [plainAgain, stale] = await pair('patched');
  console.log(
    JSON.stringify({
      bench: 'fresh-pages',
      requests: N,
      shop: hub.slug,
      variants,
      plainAsset: plain,
      throughWorkerCurrent: current,
      plainAssetAgain: plainAgain,
      throughWorkerStalePatched: stale,
      extraP50Ms: { current: Number((current.p50Ms - plain.p50Ms).toFixed(2)), stale: Number((stale.p50Ms - plainAgain.p50Ms).toFixed(2)) },
    }),
  );
} finally {
  await worker.close();
  conn.close();
  rmSync(join(DEFAULT_DIST, 'client', 'bench-static'), { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
}
