// Runs the built workers (the shop's and the documents worker behind its service binding) and static site
// in workerd (Miniflare) as their wrangler.jsonc files describe them, with
// the database reached over libSQL's HTTP protocol from a local endpoint over the embedded file,
// the same protocol the worker speaks to Turso or sqld in production. Used by `npm start` and tests.
// A small front server stands in for Cloudflare's edge (see startEdge). Miniflare applies the build's
// _headers file itself, as Workers Static Assets does (wrangler leaves its parsing to Miniflare in dev).
import { buildAssetManifest, Miniflare, type MiniflareOptions } from 'miniflare';
import { existsSync, readFileSync } from 'node:fs';
import Database from 'libsql';
import { dirname, join, resolve } from 'node:path';
import { unstable_readConfig } from 'wrangler';
import { startEdge } from './local-edge.ts';
import { startLibsqlHttpServer, type LibsqlHttpServer } from './libsql-http-server.ts';
import { DEFAULT_DIST, DOCUMENTS_CONFIG } from './build.ts';
import { thumbKey } from '../site/lib/photos.ts';

export interface LocalWorker {
  url: string;
  database: LibsqlHttpServer;
  miniflare: Miniflare;
  /**
   * Serves the files now in <dist>/client. The asset server indexes them at start (which files exist,
   * their ETags): `changed` (paths below <dist>/client) that all replace files it indexed are served at
   * once, their old ETags withdrawn at the edge (startEdge's outdate); a new or removed file, or no
   * list, restarts workerd to index them again (a few seconds, with requests held, see startEdge).
   * Answers whether it restarted.
   */
  reloadAssets(changed?: readonly string[]): Promise<{ restarted: boolean }>;
  close(): Promise<void>;
}

export const workerBundle = (dist = DEFAULT_DIST) => join(dist, 'worker', 'index.js');
/** The documents worker (invoice PDFs), built beside the main one. */
export const documentsBundle = (dist = DEFAULT_DIST) => join(dist, 'documents', 'index.js');

/**
 * `bindings` are added to the worker's variables; PUBLIC_URL defaults to the URL served here (links in
 * e-mails and sign-in links are built on it), and `PUBLIC_URL: ''` leaves it unset, as in an unconfigured
 * production.
 */
export async function startLocalWorker(opts: {
  dbPath: string;
  dist?: string;
  host?: string;
  port?: number;
  bindings?: Record<string, string>;
  cron?: boolean;
  r2Persist?: string | false;
  /** Bindings of wrangler.jsonc to leave out (tests: a production worker deployed without PHOTOS or DOCUMENTS). */
  omit?: string[];
}): Promise<LocalWorker> {
  const dist = opts.dist ?? DEFAULT_DIST;
  const bundle = workerBundle(dist);
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`npm run build\` first.`);
  const config = unstable_readConfig({ config: 'wrangler.jsonc' });
  const assets = config.assets;
  if (!assets?.directory) throw new Error('wrangler.jsonc has no assets directory');
  const database = await startLibsqlHttpServer({ dbPath: opts.dbPath, host: '127.0.0.1', port: 0 });
  // The edge listens first, so the worker can be told the URL it is served at.
  const edge = await startEdge(opts.host ?? '127.0.0.1', opts.port ?? 0);
  const runWorkerFirst = Array.isArray(assets.run_worker_first) ? assets.run_worker_first : [];
  const documents = unstable_readConfig({ config: DOCUMENTS_CONFIG });
  // A build of the shop worker alone (bench:catalog's) runs without the documents worker: PDFs answer 503.
  const withDocuments = existsSync(documentsBundle(dist));
  if (!withDocuments) console.warn(`[local-worker] ${documentsBundle(dist)} is missing: invoice PDFs answer 503 (npm run build makes it).`);
  const omit = opts.omit ?? [];
  const options: MiniflareOptions = {
    // Reached only through the edge.
    host: '127.0.0.1',
    port: 0,
    // COMPTOIR_INSPECTOR_PORT=9229: workerd's V8 inspector (DevTools, CPU profiles of the built worker).
    ...(process.env.COMPTOIR_INSPECTOR_PORT ? { inspectorPort: Number(process.env.COMPTOIR_INSPECTOR_PORT) } : {}),
    // R2 buckets of wrangler.jsonc (product images), kept beside the database file unless told otherwise.
    r2Persist: opts.r2Persist ?? join(dirname(resolve(opts.dbPath)), 'r2'),
    // The first worker is the one served (and the one getWorker() returns); the documents worker is
    // reached only through the main worker's DOCUMENTS service binding, as in production.
    workers: [
      {
        name: config.name,
        modules: true,
        modulesRules: [{ type: 'ESModule', include: ['**/*.js'] }],
        scriptPath: resolve(bundle),
        // Module names are paths below this root; the bundle may live outside the project (tests).
        modulesRoot: resolve(dist, 'worker'),
        compatibilityDate: config.compatibility_date,
        compatibilityFlags: config.compatibility_flags,
        bindings: { DATABASE_URL: database.url, PUBLIC_URL: edge.url, ...opts.bindings },
        r2Buckets: (config.r2_buckets ?? []).map((b: { binding: string }) => b.binding),
        // Cloudflare Images (photo resizing), emulated with sharp.
        ...(config.images?.binding && !omit.includes(config.images.binding) ? { images: { binding: config.images.binding } } : {}),
        serviceBindings: Object.fromEntries(
          (config.services ?? [])
            .filter((s: { binding: string; service: string }) => withDocuments && s.service === documents.name && !omit.includes(s.binding))
            .map((s: { binding: string }) => [s.binding, { name: documents.name }]),
        ),
        assets: {
          directory: resolve(dist, 'client'),
          binding: assets.binding,
          routerConfig: {
            has_user_worker: true,
            ...(runWorkerFirst.length ? { static_routing: { user_worker: runWorkerFirst.filter((r: string) => r.startsWith('/')) } } : {}),
          },
          assetConfig: { html_handling: assets.html_handling, not_found_handling: assets.not_found_handling },
        },
      },
      ...(withDocuments
        ? [
            {
              name: documents.name,
              modules: true,
              modulesRules: [{ type: 'ESModule' as const, include: ['**/*.js'] }],
              scriptPath: resolve(documentsBundle(dist)),
              modulesRoot: resolve(dist, 'documents'),
              compatibilityDate: documents.compatibility_date,
              compatibilityFlags: documents.compatibility_flags,
            },
          ]
        : []),
    ],
  };
  const miniflare = new Miniflare(options);
  const internal = await miniflare.ready.catch(async (err: unknown) => {
    await Promise.allSettled([edge.close(), miniflare.dispose(), database.close()]);
    throw err;
  });
  await putDemoPhotos(miniflare, opts.dbPath, (config.r2_buckets ?? [])[0]?.binding);
  edge.forwardTo(internal);
  // Keep serving on the same port after a reload (port 0 would pick a new one).
  options.port = Number(internal.port);
  const url = edge.url;
  const clientDir = resolve(dist, 'client');
  // The ETag the asset server gives each file it indexed (its own manifest, made the same way).
  let indexed = await assetETags(clientDir);
  // workerd does not fire cron triggers by itself; this stands in for Cloudflare's scheduler.
  const tick = opts.cron ? setInterval(() => void runScheduled(miniflare), 60_000) : undefined;
  return {
    url,
    database,
    miniflare,
    async reloadAssets(changed) {
      const replaced = changed?.map((f) => indexed.get(f));
      if (changed && replaced!.every((etag, i) => etag !== undefined && existsSync(join(clientDir, changed[i]!)))) {
        edge.outdate(replaced as string[]);
        return { restarted: false };
      }
      // Indexed before the restart, which indexes the same files: nothing publishes while a reload runs.
      indexed = await assetETags(clientDir);
      await edge.hold(() => miniflare.setOptions(options));
      edge.outdate([], true);
      return { restarted: true };
    },
    async close() {
      clearInterval(tick);
      await edge.close();
      await miniflare.dispose();
      await database.close();
    },
  };
}

/** File (relative to the assets directory) → the ETag the asset server serves it with, from Miniflare's own manifest. */
async function assetETags(dir: string): Promise<Map<string, string>> {
  const { assetsReverseMap } = await buildAssetManifest(dir);
  return new Map(Object.entries(assetsReverseMap).map(([etag, { filePath }]) => [filePath, etag]));
}

/** Runs the worker's scheduled handler once, as the cron trigger would. */
export async function runScheduled(miniflare: Miniflare, scheduledTime = Date.now()): Promise<void> {
  const worker = await miniflare.getWorker();
  await worker.scheduled({ scheduledTime: new Date(scheduledTime), cron: '* * * * *' });
}

const DEMO_PHOTOS = resolve(import.meta.dirname, '../db/seed/photos');

/**
 * Puts the demo's photos (db/seed/photos) in the local bucket under the keys the database names, both
 * sizes, unless already there: the seed sets the keys, no upload made the files.
 */
async function putDemoPhotos(miniflare: Miniflare, dbPath: string, binding: string | undefined): Promise<void> {
  if (!binding) return;
  const db = new Database(dbPath, { readonly: true });
  let keys: string[];
  try {
    keys = (
      db
        .prepare(
          'SELECT image_key AS k FROM products WHERE image_key IS NOT NULL UNION SELECT logo_key FROM enterprises WHERE logo_key IS NOT NULL',
        )
        .all() as { k: string }[]
    ).map((r) => r.k);
  } catch {
    return; // not migrated yet: nothing to show
  } finally {
    db.close();
  }
  const bucket = await miniflare.getR2Bucket(binding);
  const meta = { httpMetadata: { contentType: 'image/webp' } };
  const put = async (key: string) => {
    const file = key.split('/').pop()!;
    const large = join(DEMO_PHOTOS, file);
    if (!existsSync(large) || (await bucket.head(key))) return;
    const thumb = thumbKey(key);
    await bucket.put(key, readFileSync(large), meta);
    if (thumb !== key) await bucket.put(thumb, readFileSync(join(DEMO_PHOTOS, thumb.split('/').pop()!)), meta);
  };
  // A few at a time: thousands at once (a large fixture) close Miniflare's socket.
  for (let i = 0; i < keys.length; i += 16) await Promise.all(keys.slice(i, i + 16).map(put));
}
