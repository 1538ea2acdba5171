// `npm run bench:rebuild`: how soon a producer's price change is served on the affected pages of the
// large catalog. Runs the stack as `npm start` does (the worker in workerd over the fixture of
// `npm run bench:catalog`, and the rebuild watcher as a child process), changes the price of one of
// the producer's variants sold in the 10,000-variant shop, in one batch with marking its pages stale,
// then polls the pages (shop part, product page, French and English) until all show the new price.
// Product pages are the worker's (rendered on demand, cached a few seconds): they show it without a
// rebuild; the shop parts are the rebuilt static files. Prints one JSON line: seconds until the static
// pages are served, until the product pages show it, until the rebuild is recorded published (the
// republish), per run, with the rebuild's parts as the watcher reports them (claim, render, publish,
// serve, record, in ms, and whether the renderer rendered from its bundle in memory, on disk, or built
// it). The render bundle is made first if none of the current sources is kept (as npm start does).
//   --runs N (default 3)   --dir the fixture of `npm run bench:catalog -- --dir …` (default data/bench-catalog)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import { connect } from '../db/core/connect.ts';
import { latestRebuild } from '../db/publishing/rebuilds.ts';
import { variants } from '../db/schema/index.ts';
import { markStaleStatements } from '../db/publishing/stale-pages.ts';
import { paths } from '../domain/catalog-paths.ts';
import { formatMoney } from '../domain/money.ts';
import type { RebuildParts, RebuildResult } from '../scripts/catalog-rebuild.ts';
import { startLocalWorker } from '../scripts/local-worker.ts';
import { startRebuildWatcher } from '../scripts/rebuild-watcher.ts';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '3' }, dir: { type: 'string', default: 'data/bench-catalog' } },
  strict: true,
});
const dir = resolve(values.dir ?? 'data/bench-catalog');
const dbPath = join(dir, 'catalog.db');
const dist = join(dir, 'dist');
if (!existsSync(join(dist, 'client', 'index.html'))) {
  console.error('No large catalog built: run `npm run bench:catalog` first (it generates the fixture and builds it).');
  process.exit(2);
}
const log = (m: string) => process.stderr.write(`[bench:rebuild] ${m}\n`);

// What the watcher under npm start has at hand: the render bundle of the current sources, kept on disk.
const prepared = spawnSync(process.execPath, ['scripts/page-renderer.ts', '--prepare'], {
  env: { ...process.env, DATABASE_URL: `file:${dbPath}` },
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (prepared.status !== 0) throw new Error(`node scripts/page-renderer.ts --prepare failed (exit ${prepared.status})`);

const worker = await startLocalWorker({ dbPath, dist });
const rebuilt: RebuildResult[] = [];
const watcher = startRebuildWatcher({
  worker,
  databaseUrl: `file:${dbPath}`,
  dist,
  log,
  onRebuilt: (r) => rebuilt.push(r),
  stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
});

const conn = await connect(`file:${dbPath}`);
const db = conn.db;
// A producer's variant sold in the largest shop, with the shop part that shows it.
const [hub] = await db.all<{ id: number; slug: string; outgoingId: number }>(
  sql`SELECT h.id, h.slug, co.id AS outgoingId FROM enterprises h JOIN cycle_outgoing co ON co.hub_id = h.id WHERE h.is_hub ORDER BY h.id LIMIT 1`,
);
const candidates = await db.all<{
  variantId: number;
  productSlug: string;
  producerSlug: string;
  producerId: number;
}>(sql`SELECT v.id AS variantId, p.slug AS productSlug, pr.slug AS producerSlug, pr.id AS producerId
  FROM cycle_outgoing_variants cov JOIN variants v ON v.id = cov.variant_id JOIN products p ON p.id = v.product_id JOIN enterprises pr ON pr.id = p.producer_id
  WHERE cov.outgoing_id = ${hub!.outgoingId} AND v.id NOT IN (SELECT variant_id FROM variant_overrides) ORDER BY v.id`);
const runs: Array<{
  servedSeconds: number;
  productPagesSeconds: number;
  publishedSeconds: number;
  pages: number;
  rebuild?: { ms: number; pages: number } & Partial<RebuildParts>;
}> = [];

function partOf(lang: 'fr' | 'en', variantId: number): string {
  const root = join(dist, 'client', paths.shop(lang, hub!.slug).slice(1));
  const files = ['index.html', ...readdirSync(join(root, 'page')).map((n) => join('page', n, 'index.html'))];
  const file = files.find((f) => readFileSync(join(root, f), 'utf8').includes(`data-variant-id="${variantId}"`))!;
  return paths.shop(lang, hub!.slug) + file.replace(/index\.html$/, '');
}

try {
  // Let the watcher start (it loads Astro on its first rebuild, as it would under npm start).
  await new Promise((r) => setTimeout(r, 1500));
  for (let run = 0; run < Number(values.runs); run++) {
    const pick = candidates[(run * 997) % candidates.length]!;
    const pages = (['fr', 'en'] as const).flatMap((l) => [
      partOf(l, pick.variantId),
      paths.product(l, pick.producerSlug, pick.productSlug),
    ]);
    const [{ price }] = (await db.select({ price: variants.priceCents }).from(variants).where(eq(variants.id, pick.variantId))) as [
      { price: number },
    ];
    const next = price + 11 + run;
    log(
      `run ${run + 1}: variant ${pick.variantId} ${formatMoney(price)} → ${formatMoney(next)} (producer price); pages ${pages.join(' ')}`,
    );
    const before = new Map<string, string>();
    for (const p of pages) before.set(p, rowOf(await (await fetch(worker.url + p)).text(), pick.variantId, p));
    const started = performance.now();
    rebuilt.length = 0;
    await db.batch([
      db.update(variants).set({ priceCents: next }).where(eq(variants.id, pick.variantId)),
      ...markStaleStatements(db, { kind: 'variant', variantId: pick.variantId }, 'bench: prix modifié'),
    ] as never);
    // Served = the page differs from what it showed before, where the variant is (its price changed).
    const pending = new Set(pages);
    const servedAt = new Map<string, number>();
    while (pending.size > 0) {
      for (const p of [...pending]) {
        const row = rowOf(await (await fetch(worker.url + p, { cache: 'no-store' })).text(), pick.variantId, p);
        if (row !== before.get(p)) {
          pending.delete(p);
          servedAt.set(p, (performance.now() - started) / 1000);
        }
      }
      if (pending.size > 0) await new Promise((r) => setTimeout(r, 100));
      if (performance.now() - started > 120_000) throw new Error(`not served after 120 s: ${[...pending].join(' ')}`);
    }
    const isProduct = (p: string) =>
      p === paths.product('fr', pick.producerSlug, pick.productSlug) || p === paths.product('en', pick.producerSlug, pick.productSlug);
    const servedSeconds = Math.max(...pages.filter((p) => !isProduct(p)).map((p) => servedAt.get(p)!));
    const productPagesSeconds = Math.max(...pages.filter(isProduct).map((p) => servedAt.get(p)!));
    let publishedSeconds = NaN;
    for (;;) {
      const latest = await latestRebuild(db);
      if (latest?.state === 'published' && latest.reason.includes('bench')) {
        publishedSeconds = (performance.now() - started) / 1000;
        break;
      }
      if (latest?.state === 'failed') throw new Error(`rebuild failed: ${latest.error}`);
      if (performance.now() - started > 300_000) throw new Error('the rebuild was not recorded published after 300 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    const stale = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM stale_pages`);
    // The watcher's report comes just after it records the rebuild.
    for (let i = 0; i < 20 && rebuilt.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    const last = rebuilt.at(-1);
    runs.push({
      servedSeconds: Number(servedSeconds.toFixed(2)),
      productPagesSeconds: Number(productPagesSeconds.toFixed(2)),
      publishedSeconds: Number(publishedSeconds.toFixed(2)),
      pages: pages.length,
      ...(last ? { rebuild: { ms: last.ms, pages: last.pages, ...last.parts } } : {}),
    });
    log(
      `run ${run + 1}: shop parts served after ${servedSeconds.toFixed(2)} s, product pages after ${productPagesSeconds.toFixed(2)} s, recorded published after ${publishedSeconds.toFixed(2)} s (${stale[0]!.n} pages still stale); rebuild ${JSON.stringify(runs.at(-1)!.rebuild)}`,
    );
  }
} finally {
  watcher.stop();
  conn.close();
  await worker.close();
}

/** What the page shows for the variant: its shelf row on a shop page, the price table on a product page. */
function rowOf(html: string, variantId: number, path: string): string {
  const m = html.match(new RegExp(`data-variant-id="${variantId}">([\\s\\S]*?)</li>`));
  if (m) return m[1]!;
  const table = html.match(/<table class="lines">[\s\S]*?<\/table>/g);
  return table ? table.join('') : `missing on ${path}`;
}

const served = runs.map((r) => r.servedSeconds).sort((a, b) => a - b);
const published = runs.map((r) => r.publishedSeconds).sort((a, b) => a - b);
console.log(
  JSON.stringify({
    bench: 'rebuild',
    change: 'one producer variant price, sold in the 10,000-variant shop',
    runs,
    servedSecondsMedian: served[Math.floor(served.length / 2)],
    servedSecondsMax: served.at(-1),
    productPagesSecondsMax: Math.max(...runs.map((r) => r.productPagesSeconds)),
    publishedSecondsMedian: published[Math.floor(published.length / 2)],
    publishedSecondsMax: published.at(-1),
  }),
);
process.exit(0);
