// Runs the built worker and static site in workerd (Miniflare) as wrangler.toml describes them, with
// the database reached over libSQL's HTTP protocol from a local endpoint over the embedded file,
// the same protocol the worker speaks to Turso or sqld in production. Used by `npm start` and tests.
import { Miniflare, type MiniflareOptions } from 'miniflare';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { unstable_readConfig } from 'wrangler';
import { startLibsqlHttpServer, type LibsqlHttpServer } from '../db/libsql-http-server.ts';
import { DEFAULT_DIST } from './build.ts';

export interface LocalWorker {
  url: string;
  database: LibsqlHttpServer;
  miniflare: Miniflare;
  /** Serves the files now in <dist>/client: the asset server indexes them at start (new, removed and changed pages, and their ETags). */
  reloadAssets(): Promise<void>;
  close(): Promise<void>;
}

export const workerBundle = (dist = DEFAULT_DIST) => join(dist, 'worker', 'index.js');

export async function startLocalWorker(opts: { dbPath: string; dist?: string; host?: string; port?: number; bindings?: Record<string, string>; cron?: boolean; r2Persist?: string | false }): Promise<LocalWorker> {
  const dist = opts.dist ?? DEFAULT_DIST;
  const bundle = workerBundle(dist);
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`npm run build\` first.`);
  const config = unstable_readConfig({ config: 'wrangler.toml' });
  const assets = config.assets;
  if (!assets?.directory) throw new Error('wrangler.toml has no [assets] directory');
  const database = await startLibsqlHttpServer({ dbPath: opts.dbPath, host: '127.0.0.1', port: 0 });
  const runWorkerFirst = Array.isArray(assets.run_worker_first) ? assets.run_worker_first : [];
  const options: MiniflareOptions = {
    host: opts.host ?? '127.0.0.1',
    port: opts.port ?? 0,
    modules: true,
    // The image resizer (back office) ships as a WebAssembly module beside the bundle.
    modulesRules: [{ type: 'ESModule', include: ['**/*.js'] }, { type: 'CompiledWasm', include: ['**/*.wasm'] }],
    scriptPath: resolve(bundle),
    // Module names are paths below this root; the bundle may live outside the project (tests).
    modulesRoot: resolve(dist, 'worker'),
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags,
    bindings: { DATABASE_URL: database.url, ...opts.bindings },
    // R2 buckets of wrangler.toml (product images), kept beside the database file unless told otherwise.
    r2Buckets: (config.r2_buckets ?? []).map((b: { binding: string }) => b.binding),
    r2Persist: opts.r2Persist ?? join(dirname(resolve(opts.dbPath)), 'r2'),
    assets: {
      directory: resolve(dist, 'client'),
      binding: assets.binding,
      routerConfig: { has_user_worker: true, ...(runWorkerFirst.length ? { static_routing: { user_worker: runWorkerFirst.filter((r: string) => r.startsWith('/')) } } : {}) },
      assetConfig: { html_handling: assets.html_handling, not_found_handling: assets.not_found_handling },
    },
  };
  const miniflare = new Miniflare(options);
  const url = (await miniflare.ready).toString().replace(/\/$/, '');
  // Keep serving on the same port after a reload (port 0 would pick a new one).
  options.port = Number(new URL(url).port);
  // workerd does not fire cron triggers by itself; this stands in for Cloudflare's scheduler.
  const tick = opts.cron ? setInterval(() => void runScheduled(miniflare), 60_000) : undefined;
  return {
    url,
    database,
    miniflare,
    async reloadAssets() {
      await miniflare.setOptions(options);
    },
    async close() {
      clearInterval(tick);
      await miniflare.dispose();
      await database.close();
    },
  };
}

/** Runs the worker's scheduled handler once, as the cron trigger would. */
export async function runScheduled(miniflare: Miniflare, scheduledTime = Date.now()): Promise<void> {
  const worker = await miniflare.getWorker();
  await worker.scheduled({ scheduledTime: new Date(scheduledTime), cron: '* * * * *' });
}
