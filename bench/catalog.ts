// `npm run bench:catalog`: the static catalog at scale. Generates the large fixture (500 producers,
// 100 hubs, 20,000 variants; its first hub sells 10,000 variants, its second 200), builds every page
// and the worker as `npm run build` does, measures the build (seconds, peak memory), the weight of
// the 200- and 10,000-variant shop pages, and runs Lighthouse (mobile, simulated throttling) on both
// served by the worker in workerd. Prints one JSON line.
//   --producers/--hubs/--variants   fixture size;  --reuse   keep the fixture of the last run
//   --dir   where the fixture and its build go (default data/bench-catalog; e.g. data/bench-national for
//           the national size, so the default 20,000-variant run stays at hand for comparison)
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import lighthouse from 'lighthouse';
import { chromium } from 'playwright-core';
import { connect } from '../db/core/connect.ts';
import { migrateDatabase } from '../db/core/migrate.ts';
import { generateLoad } from '../db/seed/generate-load.ts';
import { paths } from '../domain/catalog-paths.ts';
import { startLocalWorker } from '../scripts/local-worker.ts';
import { CHROMIUM_PATH } from '../tests/support/browser.ts';
import { pageWeight } from './sizes.ts';

/** A command's wall time and peak resident memory (Linux: VmHWM of its process, sampled). */
export function measured(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ seconds: number; peakMB: number }> {
  const started = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
    let peakKB = 0;
    const sample = () => {
      const status = existsSync(`/proc/${child.pid}/status`) ? readStatus(child.pid!) : '';
      const hwm = Number(status.match(/VmHWM:\s+(\d+)/)?.[1] ?? 0);
      peakKB = Math.max(peakKB, hwm);
    };
    const timer = setInterval(sample, 100);
    child.on('error', fail);
    child.on('exit', (code) => {
      clearInterval(timer);
      if (code !== 0) return fail(new Error(`${command} ${args.join(' ')} failed (exit ${code})`));
      done({ seconds: (performance.now() - started) / 1000, peakMB: Math.round(peakKB / 1024) });
    });
  });
}

function readStatus(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return '';
  }
}

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });
}

/** Lighthouse's mobile run (default config: simulated slow 4G and 4x CPU) on a URL. */
export async function lighthouseMobile(url: string) {
  const port = await freePort();
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--remote-debugging-port=${port}`,
    ],
  });
  try {
    const result = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility'] });
    const lhr = result!.lhr;
    const ms = (id: string) => Math.round(lhr.audits[id]?.numericValue ?? NaN);
    return {
      performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
      accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
      fcpMs: ms('first-contentful-paint'),
      lcpMs: ms('largest-contentful-paint'),
      tbtMs: ms('total-blocking-time'),
      cls: lhr.audits['cumulative-layout-shift']?.numericValue ?? null,
      speedIndexMs: ms('speed-index'),
    };
  } finally {
    await browser.close();
  }
}

/** Pages and every file of the output: Workers Static Assets limits the files of a version (20,000 on the free plan). */
function countFiles(dir: string): { pages: number; files: number; megabytes: number } {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  const bytes = files.reduce((sum, e) => sum + statSync(join(e.parentPath, e.name)).size, 0);
  return { pages: files.filter((e) => e.name.endsWith('.html')).length, files: files.length, megabytes: Math.round(bytes / 1e5) / 10 };
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      producers: { type: 'string', default: '500' },
      hubs: { type: 'string', default: '100' },
      variants: { type: 'string', default: '20000' },
      reuse: { type: 'boolean', default: false },
      dir: { type: 'string', default: 'data/bench-catalog' },
    },
    strict: true,
  });
  const sizes = { producers: Number(values.producers), hubs: Number(values.hubs), variants: Number(values.variants) };
  // Inside the project: Astro renders from a bundle next to an output in the working directory.
  const dir = resolve(values.dir ?? 'data/bench-catalog');
  const dbPath = join(dir, 'catalog.db');
  const dist = join(dir, 'dist');
  const log = (m: string) => process.stderr.write(`[bench:catalog] ${m}\n`);

  const now = Date.now();
  let fixtureSeconds: number | null = null;
  if (!values.reuse || !existsSync(dbPath)) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true });
    log(`generating ${sizes.producers} producers, ${sizes.hubs} hubs, ${sizes.variants} variants`);
    const t = performance.now();
    const conn = await connect(`file:${dbPath}`);
    await migrateDatabase(conn.db);
    await generateLoad(conn.db, { ...sizes, now, seed: 42 });
    await conn.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
    conn.close();
    fixtureSeconds = (performance.now() - t) / 1000;
  }

  log('building every page and the worker');
  rmSync(dist, { recursive: true, force: true });
  const env = {
    ...process.env,
    DATABASE_URL: `file:${dbPath}`,
    COMPTOIR_SITE_OUT_DIR: join(dist, 'client'),
    ASTRO_TELEMETRY_DISABLED: '1',
    WRANGLER_SEND_METRICS: 'false',
  };
  const pages = await measured('astro', ['build', '--silent'], env);
  const bundle = await measured(
    'wrangler',
    ['deploy', '--dry-run', '--outdir', join(dist, 'worker'), '--assets', join(dist, 'client'), '--config', 'wrangler.jsonc'],
    { ...env, WRANGLER_LOG: 'error' },
  );

  const conn = await connect(`file:${dbPath}`);
  const [big, small] = await conn.db.all<{
    slug: string;
    variants: number;
  }>(sql`SELECT h.slug, (SELECT count(*) FROM cycle_outgoing co JOIN cycle_outgoing_variants cov ON cov.outgoing_id = co.id WHERE co.hub_id = h.id) AS variants
    FROM enterprises h WHERE h.is_hub ORDER BY h.id LIMIT 2`);
  const counts = await conn.db.all<{ products: number; variants: number }>(
    sql`SELECT (SELECT count(*) FROM products) AS products, (SELECT count(*) FROM variants) AS variants`,
  );
  conn.close();
  const client = join(dist, 'client');
  const shop200 = pageWeight(client, paths.shop('fr', small!.slug));
  const shop10k = pageWeight(client, paths.shop('fr', big!.slug));
  const parts10k = readdirSync(join(client, paths.shop('fr', big!.slug).slice(1), 'page')).length + 1;

  log('Lighthouse on the 200- and the 10,000-variant shop pages');
  const worker = await startLocalWorker({ dbPath, dist });
  let lh200, lh10k;
  try {
    lh200 = await lighthouseMobile(worker.url + paths.shop('fr', small!.slug));
    lh10k = await lighthouseMobile(worker.url + paths.shop('fr', big!.slug));
  } finally {
    await worker.close();
  }

  console.log(
    JSON.stringify({
      bench: 'catalog',
      fixture: { ...sizes, products: counts[0]!.products, seconds: fixtureSeconds === null ? 'reused' : Number(fixtureSeconds.toFixed(1)) },
      build: {
        ...countFiles(client),
        seconds: Number((pages.seconds + bundle.seconds).toFixed(1)),
        pagesSeconds: Number(pages.seconds.toFixed(1)),
        workerSeconds: Number(bundle.seconds.toFixed(1)),
        peakMemoryMB: Math.max(pages.peakMB, bundle.peakMB),
      },
      shop200: { path: paths.shop('fr', small!.slug), shopVariants: small!.variants, ...shop200, assets: undefined, lighthouse: lh200 },
      // The first part of the shop; the others load as the shopper scrolls or searches.
      shop10k: {
        path: paths.shop('fr', big!.slug),
        shopVariants: big!.variants,
        parts: parts10k,
        ...shop10k,
        assets: undefined,
        lighthouse: lh10k,
      },
    }),
  );
  process.exit(0);
}
