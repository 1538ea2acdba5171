// `npm run bench:sizes`: what is uploaded and what a shopper downloads, read from the last build in dist/.
// Each worker's modules (raw and gzip -9; source maps are uploaded beside them but do not count toward
// a Worker's size, so they are left out), the totals against issue 14's budgets (shopper-facing worker
// <= 300 kB gzip, both workers <= 500 kB gzip), the static assets (files and bytes, uploaded to Workers
// Static Assets, not part of any script), the startup time, and for each hub's shop page (its first
// part) HTML + CSS + JS as gzip. One JSON line; `--no-startup` skips the startup runs.
// Startup, two ways: in workerd through Miniflare, from start to the first answered request, median of
// STARTUP_RUNS runs, beside a bare worker's (the difference is what our bundle costs: parse and top-level
// evaluation); and wrangler's own local startup CPU profile (`wrangler check startup`), active time.
// The page-weight helpers are shared with bench/catalog.ts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Miniflare } from 'miniflare';
import { DOCUMENTS_CONFIG } from '../scripts/build.ts';

export const gzipBytes = (path: string) => gzipSync(readFileSync(path), { level: 9 }).length;

export interface PageWeight {
  variants: number;
  htmlGzipBytes: number;
  cssGzipBytes: number;
  jsGzipBytes: number;
  totalGzipBytes: number;
  assets: string[];
}

/** A page's HTML and the stylesheets and scripts it loads (and the chunks those import), gzip -9. */
export function pageWeight(client: string, pagePath: string): PageWeight {
  const htmlPath = join(client, pagePath.replace(/^\//, ''), 'index.html');
  const html = readFileSync(htmlPath, 'utf8');
  const assets = withImports(
    client,
    [...html.matchAll(/(?:href|src)="(\/[^"]+\.(?:css|js))"/g)].map((m) => m[1]!),
  );
  const sum = (ext: string) => assets.filter((a) => a.endsWith(ext)).reduce((s, a) => s + gzipBytes(join(client, a)), 0);
  const htmlGzipBytes = gzipBytes(htmlPath);
  const cssGzipBytes = sum('.css');
  const jsGzipBytes = sum('.js');
  return {
    variants: (html.match(/<li class="variant"/g) ?? []).length,
    htmlGzipBytes,
    cssGzipBytes,
    jsGzipBytes,
    totalGzipBytes: htmlGzipBytes + cssGzipBytes + jsGzipBytes,
    assets,
  };
}

/** The page's scripts and the chunks they import, each once. */
function withImports(client: string, paths: string[]): string[] {
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    if (!path.endsWith('.js')) return;
    const dir = path.slice(0, path.lastIndexOf('/') + 1);
    for (const m of readFileSync(join(client, path), 'utf8').matchAll(/from\s*"\.\/([^"]+\.js)"/g)) visit(dir + m[1]);
  };
  paths.forEach(visit);
  return [...seen];
}

/** Issue 14's budgets, in bytes of gzip (kB = 1000 bytes). */
export const BUDGETS = { shopperWorkerGzipBytes: 300_000, uploadedGzipBytes: 500_000 };
const STARTUP_RUNS = 7;

interface Module {
  name: string;
  rawBytes: number;
  gzipBytes: number;
}

/** The modules wrangler wrote for one worker (everything in its --outdir but source maps and its README). */
function workerModules(dir: string): { modules: Module[]; rawBytes: number; gzipBytes: number } {
  const modules = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.endsWith('.map') && e.name !== 'README.md')
    .map((e) => join(e.parentPath, e.name))
    .map((path) => ({ name: relative(dir, path), rawBytes: statSync(path).size, gzipBytes: gzipBytes(path) }));
  return {
    modules,
    rawBytes: modules.reduce((n, m) => n + m.rawBytes, 0),
    gzipBytes: modules.reduce((n, m) => n + m.gzipBytes, 0),
  };
}

function staticAssets(dir: string): { files: number; rawBytes: number } {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  return { files: files.length, rawBytes: files.reduce((n, e) => n + statSync(join(e.parentPath, e.name)).size, 0) };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

type WorkerModule = { type: 'ESModule' | 'CompiledWasm'; path: string; contents: Uint8Array | string };

/** A built worker's modules, index.js first (a build from before this change still had a .wasm beside it). */
function modulesOf(dir: string): WorkerModule[] {
  return workerModules(dir)
    .modules.sort((a, b) => Number(b.name === 'index.js') - Number(a.name === 'index.js'))
    .map((m) => ({
      type: m.name.endsWith('.wasm') ? 'CompiledWasm' : 'ESModule',
      path: m.name,
      contents: readFileSync(join(dir, m.name)),
    }));
}

/**
 * Milliseconds from starting workerd with this worker alone to its first answer (a 404: no database is
 * reached). The modules are handed over as they are, so Miniflare does not parse them to find imports.
 */
async function timeToFirstAnswer(modules: WorkerModule[]): Promise<number> {
  const started = performance.now();
  const mf = new Miniflare({
    modules,
    compatibilityDate: '2026-08-01',
    bindings: { DATABASE_URL: 'http://127.0.0.1:9' },
  });
  try {
    const res = await mf.dispatchFetch('http://localhost/api/startup-probe');
    await res.arrayBuffer();
    return performance.now() - started;
  } finally {
    await mf.dispose();
  }
}

/** Runs interleaved (bare, shop, documents, bare, …) so the machine's load weighs on each alike. */
async function miniflareStartup(dist: string) {
  const bare: WorkerModule[] = [
    { type: 'ESModule', path: 'index.js', contents: 'export default { fetch: () => new Response("", { status: 404 }) };' },
  ];
  const bundles = Object.entries({ shopperWorker: 'worker', documentsWorker: 'documents' })
    .filter(([, dir]) => existsSync(join(dist, dir, 'index.js')))
    .map(([name, dir]) => ({ name, modules: modulesOf(join(dist, dir)), runs: [] as number[] }));
  const bareRuns: number[] = [];
  await timeToFirstAnswer(bare); // warm the disk cache and workerd's binary
  for (let i = 0; i < STARTUP_RUNS; i++) {
    bareRuns.push(await timeToFirstAnswer(bare));
    for (const b of bundles) b.runs.push(await timeToFirstAnswer(b.modules));
  }
  const bareMs = median(bareRuns);
  return {
    runs: STARTUP_RUNS,
    bareMedianMs: round(bareMs),
    ...Object.fromEntries(bundles.map((b) => [b.name, { medianMs: round(median(b.runs)), overBareMs: round(median(b.runs) - bareMs) }])),
  };
}

/** `wrangler check startup`: wrangler bundles the worker and profiles its startup phase locally; the active CPU time. */
function wranglerStartupProfile(config: string): { activeMs: number } | { error: string } {
  const dir = mkdtempSync(join(tmpdir(), 'comptoir-startup-'));
  try {
    const r = spawnSync('wrangler', ['check', 'startup', '--config', config, '--outfile', join(dir, 'startup.cpuprofile')], {
      encoding: 'utf8',
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    });
    const active = /Active: ([\d.]+) ms/.exec(r.stdout ?? '');
    return active ? { activeMs: Number(active[1]) } : { error: (r.stderr || r.stdout || '').trim().split('\n').slice(-3).join(' ') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (x: number) => Math.round(x * 10) / 10;

if (import.meta.main) {
  const dist = 'dist';
  const client = join(dist, 'client');
  const shopperWorker = workerModules(join(dist, 'worker'));
  const documentsWorker = existsSync(join(dist, 'documents'))
    ? workerModules(join(dist, 'documents'))
    : { modules: [], rawBytes: 0, gzipBytes: 0 };
  const uploadedGzipBytes = shopperWorker.gzipBytes + documentsWorker.gzipBytes;
  const totals = {
    shopperWorkerGzipBytes: shopperWorker.gzipBytes,
    uploadedRawBytes: shopperWorker.rawBytes + documentsWorker.rawBytes,
    uploadedGzipBytes,
    budgets: BUDGETS,
    withinBudgets: shopperWorker.gzipBytes <= BUDGETS.shopperWorkerGzipBytes && uploadedGzipBytes <= BUDGETS.uploadedGzipBytes,
  };
  const startup = process.argv.includes('--no-startup')
    ? null
    : {
        miniflare: await miniflareStartup(dist),
        wranglerProfile: {
          shopperWorker: wranglerStartupProfile('wrangler.jsonc'),
          documentsWorker: wranglerStartupProfile(DOCUMENTS_CONFIG),
        },
      };
  const shops: Record<string, PageWeight> = {};
  const dir = join(client, 'boutiques');
  for (const hub of existsSync(dir) ? readdirSync(dir) : []) {
    if (existsSync(join(dir, hub, 'index.html'))) shops[hub] = pageWeight(client, `/boutiques/${hub}/`);
  }
  console.log(
    JSON.stringify({
      bench: 'sizes',
      workers: { shopperWorker, documentsWorker },
      totals,
      staticAssets: staticAssets(client),
      startup,
      shops,
    }),
  );
}
