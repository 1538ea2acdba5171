// Runs the built worker and static site in workerd (Miniflare) as wrangler.toml describes them, with
// the database reached over libSQL's HTTP protocol from a local endpoint over the embedded file,
// the same protocol the worker speaks to Turso or sqld in production. Used by `npm start` and tests.
import { Miniflare } from 'miniflare';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { unstable_readConfig } from 'wrangler';
import { startLibsqlHttpServer, type LibsqlHttpServer } from '../db/libsql-http-server.ts';
import { DEFAULT_DIST } from './build.ts';

export interface LocalWorker {
  url: string;
  database: LibsqlHttpServer;
  miniflare: Miniflare;
  close(): Promise<void>;
}

export const workerBundle = (dist = DEFAULT_DIST) => join(dist, 'worker', 'index.js');

export async function startLocalWorker(opts: { dbPath: string; dist?: string; host?: string; port?: number; bindings?: Record<string, string>; cron?: boolean }): Promise<LocalWorker> {
  const dist = opts.dist ?? DEFAULT_DIST;
  const bundle = workerBundle(dist);
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`npm run build\` first.`);
  const config = unstable_readConfig({ config: 'wrangler.toml' });
  const assets = config.assets;
  if (!assets?.directory) throw new Error('wrangler.toml has no [assets] directory');
  const database = await startLibsqlHttpServer({ dbPath: opts.dbPath, host: '127.0.0.1', port: 0 });
  const runWorkerFirst = Array.isArray(assets.run_worker_first) ? assets.run_worker_first : [];
  const miniflare = new Miniflare({
    host: opts.host ?? '127.0.0.1',
    port: opts.port ?? 0,
    modules: true,
    modulesRules: [{ type: 'ESModule', include: ['**/*.js'] }],
    scriptPath: resolve(bundle),
    // Module names are paths below this root; the bundle may live outside the project (tests).
    modulesRoot: resolve(dist, 'worker'),
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags,
    bindings: { DATABASE_URL: database.url, ...opts.bindings },
    assets: {
      directory: resolve(dist, 'client'),
      binding: assets.binding,
      routerConfig: { has_user_worker: true, ...(runWorkerFirst.length ? { static_routing: { user_worker: runWorkerFirst.filter((r: string) => r.startsWith('/')) } } : {}) },
      assetConfig: { html_handling: assets.html_handling, not_found_handling: assets.not_found_handling },
    },
  });
  const url = (await miniflare.ready).toString().replace(/\/$/, '');
  // workerd does not fire cron triggers by itself; this stands in for Cloudflare's scheduler.
  const tick = opts.cron ? setInterval(() => void runScheduled(miniflare), 60_000) : undefined;
  return {
    url,
    database,
    miniflare,
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
