// Catalog rebuilds: regenerate only the stale pages and publish them next to the pages kept as they are.
//   node scripts/catalog-rebuild.ts            one rebuild of what is queued, into dist/client
//   node scripts/catalog-rebuild.ts --watch    keeps watching the database (a child of `npm start`)
//   node scripts/catalog-rebuild.ts --deploy   production (the CI a deploy hook starts): rebuild, then
//                                              `wrangler deploy`; a full build when dist/ is not at hand
// Each rebuild claims the queued requests and a snapshot of the stale pages, renders those pages into a
// work folder (Astro, with COMPTOIR_ONLY_PATHS_FILE; the watcher with its warm renderer, scripts/page-renderer.ts), moves the files into place one atomic rename at a
// time, has them served, then records the rebuild published (or failed, with the reason). A page that
// cannot be rendered is reported failed with its path and reason, stays stale and keeps its last
// published version; the other pages are published all the same.
import { spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Db } from '../db/core/client.ts';
import { connect, databaseUrl } from '../db/core/connect.ts';
import { claimRebuild, failInterruptedRebuilds, failRebuild, pendingRebuild, publishRebuild } from '../db/publishing/rebuilds.ts';
import { canonicalPagePath } from '../domain/catalog-paths.ts';
import { build, DEFAULT_DIST, pageFailureLog, type PageFailure } from './build.ts';
import { createPageRenderer, type PageRenderer } from './page-renderer.ts';

export interface RebuildOptions {
  db: Db;
  /** The database the pages are rendered from (a Node URL: file: or libsql:). */
  databaseUrl: string;
  /** The served output: pages land in <dist>/client. */
  dist?: string;
  /**
   * Makes the new files served (the local worker's reloadAssets, `wrangler deploy`); the rebuild is
   * published once it resolves. `changedFiles` (below <dist>/client) are the files replaced, added or
   * removed; undefined after a full build (any file may have changed).
   */
  serve?: (changedFiles?: string[]) => Promise<unknown>;
  /** Also take rebuilds a deploy hook moved to building (production). */
  alsoBuilding?: boolean;
  /** Build every page (`npm run build`), e.g. on a CI runner that starts without the last output. */
  full?: boolean;
  /**
   * Render with this renderer rather than an `astro build` child: the watcher's, which keeps the site's
   * render bundle and skips Astro's start and Vite on every rebuild (scripts/page-renderer.ts).
   */
  renderer?: PageRenderer;
  log?: (message: string) => void;
}

export interface RebuildResult {
  ids: number[];
  state: 'published' | 'failed';
  pages: number;
  /** The pages rebuilt, by canonical path (a large shop's parts come with it). */
  paths: string[];
  files: number;
  ms: number;
  error?: string;
  /** Pages that could not be rendered (left as they were published before), with the reason. */
  failedPages?: PageFailure[];
  /** Where the time went (ms): claiming the queue, rendering, moving files into place, serving them, recording. */
  parts?: RebuildParts;
}

export interface RebuildParts {
  claim: number;
  render: number;
  /** How the renderer rendered (see RenderStats): from its bundle in memory, on disk, or by bundling the site. */
  renderedFrom?: string;
  /** CPU time of this process while rendering (on shared, busy cores the wall time says less). */
  renderCpu?: number;
  publish: number;
  serve: number;
  /** Whether serving restarted the local asset server (a file added or removed) or served the replaced files as they were. */
  restarted?: boolean;
  record: number;
}

/** The rebuild log's reason for a build that left pages out: which, and why, within the log's 1,000 characters. */
export function failedPagesError(failed: readonly PageFailure[], of: number): string {
  const list = failed.map((f) => `${f.path} (${f.reason})`).join(' ; ');
  return `the page build failed for ${failed.length} of ${of} page(s), the others were published: ${list}`.slice(0, 1000);
}

/** Takes what is queued and rebuilds it; null when nothing is queued. */
export async function rebuildCatalog(opts: RebuildOptions): Promise<RebuildResult | null> {
  const started = performance.now();
  const parts: RebuildParts = { claim: 0, render: 0, publish: 0, serve: 0, record: 0 };
  let mark = started;
  /** Adds the time since the last lap to a part. */
  const lap = (part: 'claim' | 'render' | 'publish' | 'serve' | 'record') => {
    const now = performance.now();
    parts[part] += Math.round(now - mark);
    mark = now;
  };
  const claim = await claimRebuild(opts.db, { alsoBuilding: opts.alsoBuilding ?? false });
  if (!claim) return null;
  lap('claim');
  const log = opts.log ?? (() => {});
  const pages = [...new Set(claim.pages.map((p) => canonicalPagePath(p.path)))].sort();
  log(`rebuild ${claim.ids.join(',')}: ${pages.length} stale page(s)`);
  try {
    let files: string[] = [];
    let failedPages: PageFailure[] = [];
    const dist = opts.dist ?? DEFAULT_DIST;
    if (opts.full) {
      ({ failedPages } = build({ ...process.env, DATABASE_URL: opts.databaseUrl, COMPTOIR_BUILD_NOW: String(claim.startedAt) }, dist));
      lap('render');
      await opts.serve?.();
      lap('serve');
    } else if (pages.length > 0) {
      // Inside the project: Astro keeps its render bundle next to an output in the working directory.
      mkdirSync(resolve('.astro'), { recursive: true });
      const work = mkdtempSync(resolve('.astro', 'rebuild-'));
      const failures = pageFailureLog();
      try {
        const list = join(work, 'pages.json');
        writeFileSync(list, JSON.stringify(pages));
        const env = {
          DATABASE_URL: opts.databaseUrl,
          COMPTOIR_ONLY_PATHS_FILE: list,
          COMPTOIR_BUILD_NOW: String(claim.startedAt),
          COMPTOIR_FAILED_PAGES_FILE: failures.file,
        };
        let out = join(work, 'client');
        if (opts.renderer) {
          out = opts.renderer.outDir;
          const cpu = process.cpuUsage();
          parts.renderedFrom = (await renderHere(opts.renderer, env)).from;
          const used = process.cpuUsage(cpu);
          parts.renderCpu = Math.round((used.user + used.system) / 1000);
        } else await renderPages({ ...env, COMPTOIR_SITE_OUT_DIR: out });
        lap('render');
        failedPages = failures.read();
        files = publishFiles(
          out,
          join(dist, 'client'),
          pages.filter((p) => !failedPages.some((f) => f.path === p)),
        );
      } finally {
        failures.remove();
        rmSync(work, { recursive: true, force: true });
      }
      lap('publish');
      const served = await opts.serve?.(files);
      if (typeof (served as { restarted?: unknown } | undefined)?.restarted === 'boolean')
        parts.restarted = (served as { restarted: boolean }).restarted;
      lap('serve');
    }
    const ms = Math.round(performance.now() - started);
    if (failedPages.length > 0) {
      const error = failedPagesError(failedPages, opts.full ? failedPages.length : pages.length);
      await publishRebuild(opts.db, claim, { failedPaths: failedPages.map((f) => f.path), error });
      lap('record');
      log(
        `rebuild ${claim.ids.join(',')}: published ${pages.length - failedPages.length} page(s), ${failedPages.length} could not be rendered: ${failedPages.map((f) => `${f.path} (${f.reason})`).join(' ; ')}`,
      );
      return { ids: claim.ids, state: 'failed', paths: pages, pages: pages.length, files: files.length, ms, error, failedPages, parts };
    }
    await publishRebuild(opts.db, claim);
    lap('record');
    log(
      `rebuild ${claim.ids.join(',')}: published ${pages.length} page(s), ${files.length} file(s) in ${Math.round(performance.now() - started)} ms ${JSON.stringify(parts)}`,
    );
    return {
      ids: claim.ids,
      state: 'published',
      paths: pages,
      pages: pages.length,
      files: files.length,
      ms: Math.round(performance.now() - started),
      parts,
    };
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    await failRebuild(opts.db, claim, error);
    log(`rebuild ${claim.ids.join(',')} failed: ${error}`);
    return {
      ids: claim.ids,
      state: 'failed',
      paths: pages,
      pages: pages.length,
      files: 0,
      ms: Math.round(performance.now() - started),
      error,
    };
  }
}

/** The warm renderer's render; rejects as a failed `astro build` does, with the reason. */
async function renderHere(renderer: PageRenderer, env: Record<string, string>) {
  try {
    return await renderer.render(env);
  } catch (err) {
    throw new Error(`the page build failed: ${err instanceof Error ? err.message : String(err)}`.slice(0, 900));
  }
}

/** `astro build` of the listed pages; rejects with the end of its output when it fails. */
function renderPages(env: Record<string, string>): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn('astro', ['build', '--silent'], {
      env: { ...process.env, ...env, ASTRO_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-2000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', fail);
    child.on('close', (code) =>
      code === 0 ? done() : fail(new Error(`the page build failed (exit ${code}): ${output.trim().split('\n').slice(-5).join(' | ')}`)),
    );
  });
}

/**
 * Moves the rebuilt pages into the served folder: new scripts and styles first (pages refer to them),
 * then each page's files, each replaced by one rename so a reader gets the old page or the new one,
 * never half of one. A page the build no longer produces is removed. Returns the files changed.
 */
export function publishFiles(from: string, to: string, pages: readonly string[]): string[] {
  const changed: string[] = [];
  const put = (rel: string) => {
    const target = join(to, rel);
    mkdirSync(dirname(target), { recursive: true });
    const tmp = `${target}.${process.pid}.tmp`;
    copyFileSync(join(from, rel), tmp);
    renameSync(tmp, target);
    changed.push(rel);
  };
  const drop = (rel: string) => {
    if (!existsSync(join(to, rel))) return;
    unlinkSync(join(to, rel));
    changed.push(rel);
  };
  for (const rel of listFiles(from, '_astro')) if (!existsSync(join(to, rel))) put(rel);
  for (const page of pages) {
    const dir = page.slice(1);
    const built = pageFiles(from, dir);
    const served = pageFiles(to, dir);
    for (const rel of built) put(rel);
    for (const rel of served) if (!built.includes(rel)) drop(rel);
  }
  return changed;
}

/**
 * A page's own files: its index.html, a large shop's numbered parts (page/2/…), and the pages of a hub's
 * other open sales (vente/<cycle>/, sale/<cycle>/ in English, with their parts): canonicalPagePath folds
 * them all into the shop's page.
 */
function pageFiles(root: string, dir: string): string[] {
  const numbered = (d: string) => {
    const full = join(root, d);
    return existsSync(full) && statSync(full).isDirectory() ? readdirSync(full).filter((n) => /^\d+$/.test(n)) : [];
  };
  const withParts = (d: string) => [
    ...(existsSync(join(root, d, 'index.html')) ? [join(d, 'index.html')] : []),
    ...numbered(join(d, 'page'))
      .filter((n) => existsSync(join(root, d, 'page', n, 'index.html')))
      .map((n) => join(d, 'page', n, 'index.html')),
  ];
  return [
    withParts(dir),
    ...['vente', 'sale'].flatMap((sale) => numbered(join(dir, sale)).map((n) => withParts(join(dir, sale, n)))),
  ].flat();
}

function listFiles(root: string, dir: string): string[] {
  const base = join(root, dir);
  if (!existsSync(base)) return [];
  return readdirSync(base, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

export interface Watcher {
  stop(): Promise<void>;
}

/**
 * Watches for queued rebuilds: a burst of edits makes one rebuild (it starts once no page was marked for
 * `quietMs`, or `maxWaitMs` after the first request, whichever comes first).
 */
export function watchRebuilds(
  opts: RebuildOptions & {
    pollMs?: number;
    quietMs?: number;
    maxWaitMs?: number;
    afterRebuild?: (result: RebuildResult | null) => void;
  },
): Watcher {
  const { pollMs = 250, quietMs = 250, maxWaitMs = 3000 } = opts;
  let stopping = false;
  const loop = (async () => {
    await failInterruptedRebuilds(opts.db);
    while (!stopping) {
      try {
        const pending = await pendingRebuild(opts.db);
        if (pending && (pending.lastMarkAgoMs >= quietMs || pending.nowMs - pending.requestedAt >= maxWaitMs)) {
          opts.afterRebuild?.(await rebuildCatalog(opts));
          continue;
        }
      } catch (err) {
        opts.log?.(`rebuild watcher: ${err instanceof Error ? err.message : String(err)}`);
      }
      await new Promise((r) => setTimeout(r, pollMs));
    }
  })();
  return {
    async stop() {
      stopping = true;
      await loop;
    },
  };
}

/** Asks the parent process (npm start) to serve the new files, and waits until it has. */
function serveThroughParent(): ((files?: string[]) => Promise<{ restarted?: boolean }>) | undefined {
  if (!process.send) return undefined;
  let next = 0;
  return (files) =>
    new Promise((done, fail) => {
      const id = ++next;
      const onMessage = (m: { type?: string; id?: number; error?: string; restarted?: boolean }) => {
        if (m?.type !== 'assets-reloaded' || m.id !== id) return;
        process.off('message', onMessage);
        if (m.error) fail(new Error(m.error));
        else done(m.restarted === undefined ? {} : { restarted: m.restarted });
      };
      process.on('message', onMessage);
      process.send!({ type: 'reload-assets', id, files });
    });
}

function runCommand(command: string, args: string[]): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } });
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? done() : fail(new Error(`${command} ${args.join(' ')} failed (exit ${code})`))));
  });
}

/** How long the watcher keeps Astro loaded after a rebuild, waiting for the next edit (see --watch). */
const IDLE_EXIT_MS = 20_000;

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      watch: { type: 'boolean', default: false },
      deploy: { type: 'boolean', default: false },
      dist: { type: 'string', default: DEFAULT_DIST },
    },
    strict: true,
  });
  const url = databaseUrl();
  const conn = await connect(url);
  const log = (m: string) => console.log(`[catalog] ${m}`);
  const dist = values.dist ?? DEFAULT_DIST;
  if (values.watch) {
    const renderer = createPageRenderer();
    const watcher = watchRebuilds({ db: conn.db, databaseUrl: url, dist, log, serve: serveThroughParent(), renderer, afterRebuild });
    // Without a render bundle of the current sources kept on disk (a first start, or the code changed),
    // one is made now in a short-lived child, so the first edit does not wait for Vite.
    const preparing = renderer.isPrepared()
      ? undefined
      : spawn(process.execPath, ['scripts/page-renderer.ts', '--prepare'], {
          env: { ...process.env, DATABASE_URL: url },
          stdio: ['ignore', 'ignore', 'inherit'],
        });
    const stop = (code = 0) =>
      void watcher.stop().then(() => {
        if (preparing?.exitCode === null) preparing.kill('SIGTERM');
        renderer.close();
        conn.close();
        process.exit(code);
      });
    process.once('SIGINT', () => stop());
    process.once('SIGTERM', () => stop());
    process.once('disconnect', () => stop());
    // Renders leave Astro and the pages' modules loaded (a hundred MB or more, several hundred after a
    // build): once edits have stopped for IDLE_EXIT_MS, or past 1.5 GB, exit and let npm start start a
    // fresh, small watcher (exit code 75, « try again »), which renders from the bundle kept on disk.
    // A burst of edits keeps the loaded renderer and its fastest rebuilds.
    let idle: NodeJS.Timeout | undefined;
    function afterRebuild(result: RebuildResult | null) {
      // For a parent that measures (bench:rebuild); npm start ignores it.
      if (result && process.send) process.send({ type: 'rebuilt', result });
      clearTimeout(idle);
      if (process.memoryUsage().rss > 1.5e9) return stop(75);
      idle = setTimeout(() => stop(75), IDLE_EXIT_MS);
    }
  } else {
    // Production: publish with wrangler, which uploads only the files whose content changed. A CI runner
    // that starts without the last output (no cache) builds every page once.
    const serve: RebuildOptions['serve'] = values.deploy
      ? () => runCommand('wrangler', ['deploy', '--config', 'wrangler.jsonc'])
      : undefined;
    const full = !existsSync(join(dist, 'client', 'index.html'));
    const result = await rebuildCatalog({ db: conn.db, databaseUrl: url, dist, log, serve, full, alsoBuilding: values.deploy });
    console.log(JSON.stringify(result ?? { state: 'nothing queued' }));
    conn.close();
    process.exit(result?.state === 'failed' ? 1 : 0);
  }
}
