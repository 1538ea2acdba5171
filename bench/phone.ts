// `npm run bench:phone`: the shop as a phone gets it, with photos. Generates bench:catalog's fixture
// (500 producers, 100 hubs, 20,000 variants; its first hub sells 10,000 variants, its second 200) unless
// --reuse, gives the products of those two shops and every producer the demo's photos (db/seed/photos),
// builds the pages with a public origin (absolute hreflang), serves them in workerd, and measures on the
// 200- and 10,000-variant shops and the demo co-op's shop: Lighthouse mobile (default config: simulated
// slow 4G, 4x CPU; performance, accessibility, SEO, LCP), HTML+CSS+JS gzip, and the first screen's
// bytes at 390×844 with the images it shows. Prints one JSON line.
//   --reuse   keep the fixture of the last run;  --built   and its pages;  --dir   where it goes (default data/bench-phone)
//   --shops shop200,shop10k,demoShop,floor   which pages to measure (default all four). floor is the
//             200-variant shop's page without its shelves or a script: what this machine's browser costs
//             before any product, to read the shops' figures against
//   --runs N  Lighthouse N times per shop and report each figure's median (one run varies by ±10 points)
//   --lhr DIR  keep each run's Lighthouse report (JSON) there, for its bootup-time and main-thread audits
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import lighthouse from 'lighthouse';
import { chromium } from 'playwright-core';
import { connect } from '../db/core/connect.ts';
import { migrateDatabase } from '../db/core/migrate.ts';
import { demoPhotos, seedDemo } from '../db/seed/demo.ts';
import { generateLoad } from '../db/seed/generate-load.ts';
import { paths } from '../domain/catalog-paths.ts';
import { build } from '../scripts/build.ts';
import { startLocalWorker } from '../scripts/local-worker.ts';
import { CHROMIUM_PATH } from '../tests/support/browser.ts';
import { pageWeight } from './sizes.ts';

const ORIGIN = 'https://comptoir.example.coop';

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });
}

const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Lighthouse's mobile run with its default throttling, the scores and paints a note needs. */
async function lighthouseMobile(url: string, keep?: string) {
  const port = await freePort();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...chromiumArgs, `--remote-debugging-port=${port}`] });
  try {
    const result = await lighthouse(url, {
      port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'seo'],
    });
    const lhr = result!.lhr;
    if (keep) writeFileSync(keep, JSON.stringify(lhr));
    const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
    const ms = (id: string) => Math.round(lhr.audits[id]?.numericValue ?? Number.NaN);
    const failing = Object.values(lhr.categories)
      .flatMap((c) => c.auditRefs)
      .filter((r) => r.weight > 0 && (lhr.audits[r.id]?.score ?? 1) < 1)
      .map((r) => r.id);
    return {
      performance: score('performance'),
      accessibility: score('accessibility'),
      seo: score('seo'),
      fcpMs: ms('first-contentful-paint'),
      lcpMs: ms('largest-contentful-paint'),
      tbtMs: ms('total-blocking-time'),
      mainThreadMs: ms('mainthread-work-breakdown'),
      scriptBootupMs: ms('bootup-time'),
      cls: lhr.audits['cumulative-layout-shift']?.numericValue ?? null,
      speedIndexMs: ms('speed-index'),
      lcpElement: (
        lhr.audits['largest-contentful-paint-element']?.details as { items?: Array<{ items?: Array<{ node?: { snippet?: string } }> }> }
      )?.items?.[0]?.items?.[0]?.node?.snippet?.slice(0, 80),
      totalBytes: ms('total-byte-weight'),
      failing: [...new Set(failing)],
    };
  } finally {
    await browser.close();
  }
}

type Run = Awaited<ReturnType<typeof lighthouseMobile>>;

/** N runs of Lighthouse: each number's median (the run in the middle for the LCP element), and every run's scores and LCP. */
async function medianOf(n: number, run: (i: number) => Promise<Run>) {
  const all: Run[] = [];
  for (let i = 0; i < n; i++) all.push(await run(i));
  if (n === 1) return all[0]!;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const keys = [
    'performance',
    'accessibility',
    'seo',
    'fcpMs',
    'lcpMs',
    'tbtMs',
    'mainThreadMs',
    'scriptBootupMs',
    'speedIndexMs',
    'totalBytes',
  ] as const;
  const out: Record<string, unknown> = { runs: n };
  for (const k of keys) out[k] = median(all.map((r) => r[k]));
  out.cls = median(all.map((r) => r.cls ?? 0));
  out.lcpElement = all[0]!.lcpElement;
  out.failing = [...new Set(all.flatMap((r) => r.failing))];
  out.each = all.map((r) => ({ performance: r.performance, lcpMs: r.lcpMs, tbtMs: r.tbtMs, mainThreadMs: r.mainThreadMs }));
  return out;
}

/** At 390×844: the bytes the network carried for the page, and for the images in the first screen. */
async function firstScreen(url: string) {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: chromiumArgs });
  try {
    const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    const sizes = new Map<string, number>();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    const urls = new Map<string, string>();
    cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, e.response.url));
    cdp.on('Network.loadingFinished', (e) => sizes.set(urls.get(e.requestId) ?? e.requestId, e.encodedDataLength));
    await page.goto(url, { waitUntil: 'networkidle' });
    const shown = await page.evaluate(() =>
      [...document.images]
        .filter((i) => {
          const r = i.getBoundingClientRect();
          return r.bottom > 0 && r.top < innerHeight && i.complete && i.naturalWidth > 0;
        })
        .map((i) => i.currentSrc),
    );
    const imageBytes = shown.reduce((s, u) => s + (sizes.get(u) ?? 0), 0);
    const all = [...sizes.values()].reduce((s, n) => s + n, 0);
    return { images: shown.length, imageBytes, documentBytes: sizes.get(url) ?? null, allLoadedBytes: all };
  } finally {
    await browser.close();
  }
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      reuse: { type: 'boolean', default: false },
      built: { type: 'boolean', default: false },
      dir: { type: 'string', default: 'data/bench-phone' },
      runs: { type: 'string', default: '1' },
      shops: { type: 'string', default: 'shop200,shop10k,demoShop,floor' },
      lhr: { type: 'string' },
    },
    strict: true,
  });
  const dir = resolve(values.dir ?? 'data/bench-phone');
  const dbPath = join(dir, 'catalog.db');
  const demoPath = join(dir, 'demo.db');
  const dist = join(dir, 'dist');
  const demoDist = join(dir, 'demo-dist');
  const log = (m: string) => process.stderr.write(`[bench:phone] ${m}\n`);
  const runs = Math.max(1, Number(values.runs) || 1);
  const lhrDir = values.lhr && resolve(values.lhr);
  if (lhrDir) mkdirSync(lhrDir, { recursive: true });
  const now = Date.now();
  const photos = Object.values(demoPhotos().products);
  const farms = Object.values(demoPhotos().producers);

  if (!values.reuse || !existsSync(dbPath)) {
    rmSync(dir, { recursive: true, force: true });
    log('generating 500 producers, 100 hubs, 20,000 variants');
    const conn = await connect(`file:${dbPath}`);
    await migrateDatabase(conn.db);
    await generateLoad(conn.db, { producers: 500, hubs: 100, variants: 20000, now, seed: 42 });
    // The demo's drawings, in turn, for the products of the two shops measured, and for every producer.
    const list = (xs: string[]) => sql.raw(xs.map((x, i) => `(${i}, '${x}')`).join(','));
    await conn.db.run(sql`CREATE TEMP TABLE photo_files(n INTEGER PRIMARY KEY, f TEXT)`);
    await conn.db.run(sql`INSERT INTO photo_files VALUES ${list(photos)}`);
    await conn.db.run(sql`UPDATE products SET image_key = 'products/' || id || '/' || (SELECT f FROM photo_files WHERE n = products.id % ${photos.length})
      WHERE id IN (SELECT v.product_id FROM variants v JOIN cycle_outgoing_variants cov ON cov.variant_id = v.id JOIN cycle_outgoing co ON co.id = cov.outgoing_id
        WHERE co.hub_id IN (SELECT id FROM enterprises WHERE is_hub ORDER BY id LIMIT 2))`);
    await conn.db.run(sql`DELETE FROM photo_files`);
    await conn.db.run(sql`INSERT INTO photo_files VALUES ${list(farms)}`);
    await conn.db.run(
      sql`UPDATE enterprises SET logo_key = 'enterprises/' || id || '/' || (SELECT f FROM photo_files WHERE n = enterprises.id % ${farms.length}) WHERE is_producer`,
    );
    await conn.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
    conn.close();
    const demo = await connect(`file:${demoPath}`);
    await migrateDatabase(demo.db);
    await seedDemo(demo.db, { now });
    await demo.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
    demo.close();
  }

  log('building the pages and the worker');
  const env = { ...process.env, PUBLIC_URL: ORIGIN, ASTRO_TELEMETRY_DISABLED: '1', WRANGLER_SEND_METRICS: 'false' };
  if (!values.built) {
    rmSync(dist, { recursive: true, force: true });
    rmSync(demoDist, { recursive: true, force: true });
  }
  const started = performance.now();
  // --built: measure the pages of the last run again (a quieter machine), without building them again.
  if (!values.built) build({ ...env, DATABASE_URL: `file:${dbPath}` }, dist);
  const buildSeconds = (performance.now() - started) / 1000;
  if (!values.built) build({ ...env, DATABASE_URL: `file:${demoPath}` }, demoDist);

  const conn = await connect(`file:${dbPath}`);
  const [big, small] = await conn.db.all<{ slug: string }>(sql`SELECT slug FROM enterprises WHERE is_hub ORDER BY id LIMIT 2`);
  conn.close();
  const shops = [
    { name: 'shop200', db: dbPath, dist, path: paths.shop('fr', small!.slug) },
    { name: 'shop10k', db: dbPath, dist, path: paths.shop('fr', big!.slug) },
    { name: 'demoShop', db: demoPath, dist: demoDist, path: paths.shop('fr', 'la-ruche-du-plateau') },
    { name: 'floor', db: dbPath, dist, path: '/_bench-floor/' },
  ];
  const out: Record<string, unknown> = { bench: 'phone', buildSeconds: Number(buildSeconds.toFixed(1)) };
  const measured = new Set((values.shops ?? '').split(','));
  if (measured.has('floor')) {
    // The 200-variant shop's page, its frame, header, status and filters kept, without a product or a
    // script however the island is loaded (the shelves hold no <div>: their first </div> is their end).
    const shopHtml = readFileSync(join(dist, 'client', paths.shop('fr', small!.slug).slice(1), 'index.html'), 'utf8');
    const floor = shopHtml
      .replace(/<div id="shelves">[\s\S]*?<\/div>/, '<div id="shelves"></div>')
      .replace(/<script(?![^>]*application\/json)[^>]*>[\s\S]*?<\/script>/g, '');
    if (/class="product|<script(?![^>]*application\/json)/.test(floor))
      throw new Error('bench:phone: the floor page still holds a product or a script');
    mkdirSync(join(dist, 'client', '_bench-floor'), { recursive: true });
    writeFileSync(join(dist, 'client', '_bench-floor', 'index.html'), floor);
  }
  for (const s of shops.filter((x) => measured.has(x.name))) {
    const worker = await startLocalWorker({ dbPath: s.db, dist: s.dist });
    try {
      const url = worker.url + s.path;
      log(`${s.name}: ${s.path}`);
      const { assets: _, ...weight } = pageWeight(join(s.dist, 'client'), s.path);
      const screen = await firstScreen(url);
      out[s.name] = {
        path: s.path,
        ...weight,
        firstScreen: { ...screen, withImagesGzipBytes: weight.totalGzipBytes + screen.imageBytes },
        lighthouse: await medianOf(runs, (i) => lighthouseMobile(url, lhrDir && join(lhrDir, `${s.name}-${i + 1}.json`))),
      };
    } finally {
      await worker.close();
    }
  }
  out.parts10k = readdirSync(join(dist, 'client', paths.shop('fr', big!.slug).slice(1), 'page')).length + 1;
  console.log(JSON.stringify(out));
  process.exit(0);
}
