// `npm run bench:search`: the shop search on the 10,000-variant shop of the large fixture (bench:catalog's:
// 500 producers, 100 hubs, 20,000 variants), built and served by the worker in workerd. Measures the
// worker's search route (no JavaScript) and, in Chromium, the page's instant search: the first query
// (which fetches every part of the shop) and the next ones (the filter run alone). Prints one JSON line.
//   --reuse   keep the fixture and the build of the last run (delete <dir>/dist to rebuild);  --dir   where they go (default data/bench-search)
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { chromium } from 'playwright-core';
import { connect } from '../db/core/connect.ts';
import { migrateDatabase } from '../db/core/migrate.ts';
import { generateLoad } from '../db/seed/generate-load.ts';
import { paths } from '../domain/catalog-paths.ts';
import { startLocalWorker } from '../scripts/local-worker.ts';
import { CHROMIUM_PATH } from '../tests/support/browser.ts';
import { measured } from './catalog.ts';

const QUERIES = ['fromage', 'oeufs', 'cheese', 'miel chataignier', 'introuvable'];

const { values } = parseArgs({
  options: { reuse: { type: 'boolean', default: false }, dir: { type: 'string', default: 'data/bench-search' } },
  strict: true,
});
const dir = resolve(values.dir ?? 'data/bench-search');
const dbPath = join(dir, 'catalog.db');
const dist = join(dir, 'dist');
const log = (m: string) => process.stderr.write(`[bench:search] ${m}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

if (!values.reuse || !existsSync(dbPath)) {
  for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true });
  log('generating 500 producers, 100 hubs, 20,000 variants');
  const conn = await connect(`file:${dbPath}`);
  await migrateDatabase(conn.db);
  await generateLoad(conn.db, { producers: 500, hubs: 100, variants: 20_000, now: Date.now(), seed: 42 });
  await conn.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  conn.close();
}
if (!values.reuse || !existsSync(join(dist, 'worker'))) {
  log('building the pages and the worker');
  rmSync(dist, { recursive: true, force: true });
  const env = {
    ...process.env,
    DATABASE_URL: `file:${dbPath}`,
    COMPTOIR_SITE_OUT_DIR: join(dist, 'client'),
    ASTRO_TELEMETRY_DISABLED: '1',
  };
  await measured('astro', ['build', '--silent'], env);
  await measured(
    'wrangler',
    ['deploy', '--dry-run', '--outdir', join(dist, 'worker'), '--assets', join(dist, 'client'), '--config', 'wrangler.jsonc'],
    { ...env, WRANGLER_LOG: 'error', WRANGLER_SEND_METRICS: 'false' },
  );
}

const conn = await connect(`file:${dbPath}`);
const [big] = await conn.db.all<{ slug: string; variants: number }>(
  sql`SELECT h.slug, (SELECT count(*) FROM cycle_outgoing co JOIN cycle_outgoing_variants cov ON cov.outgoing_id = co.id WHERE co.hub_id = h.id) AS variants
    FROM enterprises h WHERE h.is_hub ORDER BY h.id LIMIT 1`,
);
conn.close();

const worker = await startLocalWorker({ dbPath, dist });
const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
});
try {
  // The route: five answers per query (the first warms the worker), the median kept.
  const route: Record<string, { ms: number; found: string }> = {};
  for (const q of QUERIES) {
    const times: number[] = [];
    let found = '';
    for (let k = 0; k < 5; k++) {
      const started = performance.now();
      const html = await (await fetch(`${worker.url}/api/shops/${big!.slug}/search?lang=fr&q=${encodeURIComponent(q)}`)).text();
      times.push(performance.now() - started);
      found = html.match(/<p role="status">([^<]*)/)?.[1] ?? '';
    }
    route[q] = { ms: Math.round(median(times)), found };
    log(`route « ${q} »: ${route[q].ms} ms, ${found}`);
  }

  // The page: from the input event to the result drawn, less the 120 ms the page waits for typing to pause.
  const page = await browser.newPage();
  await page.goto(worker.url + paths.shop('fr', big!.slug));
  await page.locator('form.add').first().waitFor();
  // Chrome's own counters split the time: the page's scripts, restyling, layout.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () =>
    Object.fromEntries(
      ((await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }).metrics.map((m) => [m.name, m.value]),
    );
  const instant: Record<string, { ms: number; scriptMs: number; count: string; chrome?: Record<string, number> }> = {};
  for (const q of QUERIES) {
    const before = await metrics();
    instant[q] = await page.evaluate(
      (query) =>
        new Promise<{ ms: number; scriptMs: number; count: string }>((done) => {
          const input = document.querySelector<HTMLInputElement>('#f-q')!;
          const count = document.querySelector('#f-count')!;
          count.textContent = '';
          const started = performance.now();
          new MutationObserver((_, observer) => {
            const text = count.textContent ?? '';
            if (/produits? affichés?|Aucun produit|réseau|network/i.test(text)) {
              observer.disconnect();
              const script = performance.now() - started - 120;
              // Until the frame that shows the result is drawn: restyling thousands of rows counts too.
              requestAnimationFrame(() =>
                setTimeout(() => done({ ms: Math.round(performance.now() - started - 120), scriptMs: Math.round(script), count: text })),
              );
            }
          }).observe(count, { childList: true, characterData: true, subtree: true });
          input.value = query;
          input.dispatchEvent(new Event('input', { bubbles: true }));
        }),
      q,
    );
    const after = await metrics();
    const spent = (name: string) => Math.round(((after[name] ?? 0) - (before[name] ?? 0)) * 1000);
    instant[q].chrome = { scriptMs: spent('ScriptDuration'), styleMs: spent('RecalcStyleDuration'), layoutMs: spent('LayoutDuration') };
    log(
      `page « ${q} »: ${instant[q].ms} ms shown (${instant[q].scriptMs} ms until the count), Chrome: ${JSON.stringify(instant[q].chrome)}, ${instant[q].count}`,
    );
  }
  const products = await page.locator('li.product').count();
  console.log(
    JSON.stringify({
      bench: 'search',
      shop: { path: paths.shop('fr', big!.slug), variants: big!.variants, products },
      route,
      // The first query also fetches and merges every part of the shop; the next ones only filter.
      instant,
    }),
  );
} finally {
  await browser.close();
  await worker.close();
}
process.exit(0);
