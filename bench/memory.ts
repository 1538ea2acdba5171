// `npm run bench:memory`: resident memory of `npm start` (every process of its tree: Node with the libSQL
// endpoint and the edge, workerd, the catalog rebuilder and whatever it spawns), at rest, under a little
// browsing, and around a catalog change, plus the requests that got no real answer during the change.
// Starts `node scripts/start.ts` on its own port over data/ (as npm start does: it builds first).
// Prints one JSON line: RSS (and PSS, which counts shared pages once) per process and in total, per phase.
//   --port N (default 8790)   --rest S seconds before measuring at rest (default 20)
//   --load S seconds of browsing (default 30)   --changes N catalog changes (default 3)
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import { connect } from '../db/core/connect.ts';
import { latestRebuild } from '../db/publishing/rebuilds.ts';
import { markStaleStatements } from '../db/publishing/stale-pages.ts';
import { variants } from '../db/schema/index.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8790' },
    rest: { type: 'string', default: '20' },
    load: { type: 'string', default: '30' },
    changes: { type: 'string', default: '3' },
  },
  strict: true,
});
const port = Number(values.port);
const base = `http://127.0.0.1:${port}`;
const log = (m: string) => process.stderr.write(`[bench:memory] ${m}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Proc {
  pid: number;
  name: string;
  rssMB: number;
  pssMB: number;
}

/** The process and all its descendants, read from /proc (Linux). */
function tree(root: number): Proc[] {
  const parent = new Map<number, number>();
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      parent.set(Number(e), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {}
  }
  const pids = [root];
  for (let i = 0; i < pids.length; i++) for (const [pid, ppid] of parent) if (ppid === pids[i]) pids.push(pid);
  return pids.flatMap((pid) => {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      const kB = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(rollup)?.[1] ?? 0);
      return [{ pid, name: label(cmd), rssMB: Math.round(kB('Rss') / 1024), pssMB: Math.round(kB('Pss') / 1024) }];
    } catch {
      return [];
    }
  });
}

function label(cmd: string[]): string {
  const script = cmd.find((a) => /\.(ts|js|mjs)$/.test(a) && !a.endsWith('/node'));
  const bin = cmd[0]?.split('/').pop() ?? '?';
  if (bin === 'workerd') return 'workerd';
  return [
    script ? script.replace(/^.*\/(scripts|node_modules)\//, '$1/') : bin,
    ...cmd.filter((a) => a.startsWith('--') && a !== '--'),
  ].join(' ');
}

function snapshot(root: number) {
  const procs = tree(root);
  return {
    totalRssMB: procs.reduce((s, p) => s + p.rssMB, 0),
    totalPssMB: procs.reduce((s, p) => s + p.pssMB, 0),
    processes: procs.map(({ name, rssMB, pssMB }) => ({ name, rssMB, pssMB })),
  };
}

/** Samples the tree every 200 ms while `during` runs; returns the highest total seen. */
async function peakWhile<T>(root: number, during: Promise<T>): Promise<{ result: T; peak: ReturnType<typeof snapshot> }> {
  let peak = snapshot(root);
  let done = false;
  const result = during.finally(() => (done = true));
  while (!done) {
    const s = snapshot(root);
    if (s.totalRssMB > peak.totalRssMB) peak = s;
    await Promise.race([sleep(200), result.catch(() => {})]);
  }
  return { result: await result, peak };
}

/** Requests a page list in a loop with a few connections until `until()`; counts what got no real answer. */
async function browse(paths: string[], connections: number, until: () => boolean) {
  let ok = 0;
  const failed: Array<{ path: string; error: string; at: number }> = [];
  await Promise.all(
    Array.from({ length: connections }, async (_, c) => {
      for (let i = c; !until(); i += connections) {
        const path = paths[i % paths.length]!;
        try {
          const res = await fetch(base + path);
          await res.arrayBuffer();
          if (res.status >= 500) failed.push({ path, error: `HTTP ${res.status}`, at: Date.now() });
          else ok++;
        } catch (err) {
          const cause = (err as { cause?: { code?: string } }).cause?.code ?? String(err);
          failed.push({ path, error: cause, at: Date.now() });
          await sleep(20);
        }
      }
    }),
  );
  return { ok, failed };
}

const child = spawn(process.execPath, ['scripts/start.ts'], {
  env: { ...process.env, PORT: String(port) },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const stop = () => child.kill('SIGTERM');
process.once('SIGINT', stop);
let output = '';
await new Promise<void>((ready, fail) => {
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    process.stderr.write(chunk);
    if (output.includes('Comptoir is running')) ready();
  });
  child.once('exit', (code) => fail(new Error(`npm start exited (${code}) before serving`)));
});

try {
  log(`serving; resting ${values.rest} s`);
  await sleep(Number(values.rest) * 1000);
  const started = snapshot(child.pid!);

  const conn = await connect('file:data/comptoir.db');
  const db = conn.db;
  const hubs = await db.all<{ slug: string }>(sql`SELECT slug FROM enterprises WHERE is_hub ORDER BY id`);
  const products = await db.all<{ producer: string; product: string }>(
    sql`SELECT pr.slug AS producer, p.slug AS product FROM products p JOIN enterprises pr ON pr.id = p.producer_id ORDER BY p.id LIMIT 20`,
  );
  const pages = [
    '/',
    '/en/',
    ...hubs.flatMap((h) => [`/boutiques/${h.slug}/`, `/api/shops/${h.slug}/live`]),
    ...products.map((p) => `/producteurs/${p.producer}/${p.product}/`),
    '/api/health',
    '/gestion/',
  ];
  log(`browsing ${pages.length} paths with 4 connections for ${values.load} s`);
  const loadEnd = Date.now() + Number(values.load) * 1000;
  const load = await peakWhile(
    child.pid!,
    browse(pages, 4, () => Date.now() > loadEnd),
  );
  await sleep(Number(values.rest) * 1000);
  const afterLoad = snapshot(child.pid!);

  // Catalog changes: a variant's price, in one batch with its stale pages, while a shopper browses.
  const [variant] = await db.all<{ id: number; price: number }>(
    sql`SELECT v.id, v.price_cents AS price FROM variants v JOIN cycle_outgoing_variants cov ON cov.variant_id = v.id ORDER BY v.id LIMIT 1`,
  );
  const changes: Array<{ publishedSeconds: number }> = [];
  let changing = true;
  const shopper = browse(pages, 2, () => !changing);
  const change = (async () => {
    for (let n = 0; n < Number(values.changes); n++) {
      const t0 = performance.now();
      const before = (await latestRebuild(db))?.id ?? 0;
      await db.batch([
        db
          .update(variants)
          .set({ priceCents: variant!.price + 1 + n })
          .where(eq(variants.id, variant!.id)),
        ...markStaleStatements(db, { kind: 'variant', variantId: variant!.id }, 'bench:memory'),
      ] as never);
      for (;;) {
        const latest = await latestRebuild(db);
        if (latest && latest.id > before && (latest.state === 'published' || latest.state === 'failed')) break;
        if (performance.now() - t0 > 120_000) throw new Error('no rebuild published after 120 s');
        await sleep(100);
      }
      changes.push({ publishedSeconds: Number(((performance.now() - t0) / 1000).toFixed(2)) });
      log(`change ${n + 1} published after ${changes.at(-1)!.publishedSeconds} s`);
      await sleep(3000);
    }
  })();
  const rebuild = await peakWhile(child.pid!, change);
  changing = false;
  const browsing = await shopper;
  // The rebuilder keeps Astro loaded for 20 s after a rebuild, then makes way for a fresh one.
  await sleep(Number(values.rest) * 1000 + 10_000);
  const afterChange = snapshot(child.pid!);
  conn.close();
  const failedAt = browsing.failed.map((f) => f.at);
  console.log(
    JSON.stringify({
      port,
      atRest: started,
      underLoad: { requests: load.result.ok, failed: load.result.failed.length, peak: load.peak, after: afterLoad },
      catalogChange: {
        changes,
        peak: rebuild.peak,
        after: afterChange,
        shopperRequests: browsing.ok + browsing.failed.length,
        noRealAnswer: browsing.failed.length,
        // From the first to the last request that got no real answer (0 when none).
        refusedWindowMs: failedAt.length ? Math.max(...failedAt) - Math.min(...failedAt) : 0,
        errors: [...new Set(browsing.failed.map((f) => f.error))],
      },
    }),
  );
} finally {
  stop();
}
