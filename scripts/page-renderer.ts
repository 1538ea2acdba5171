// The rebuild watcher's page renderer: Astro and Vite bundle the site's pages once, that render bundle is
// kept on disk (under .astro/page-renderer/, one per version of the sources), and each rebuild renders its
// pages from a fresh copy of it with Astro's own page generation: neither Vite nor most of Astro's start
// is paid per rebuild, and a watcher that exited when idle starts again from the kept bundle.
//
// Why a fresh copy: the pages keep per-build state in their modules (site/lib/build-data.ts reads the
// page list, the build's clock and the database when it is first loaded, then caches the catalog), and
// Node never loads one file twice; the bundle's files hard-linked under a new folder are a new set of
// modules, so each render starts from the state a build starts from, and renders what a build would.
//
// Astro offers no public way to generate pages from an existing bundle: this drives its build's own
// generation step (generatePages, then the integrations' build:done hooks) with the build internals
// captured from a build through the public setPrerenderer hook. It relies on Astro 7.3.5's internal
// modules (the version is pinned; tests/integration/catalog-rebuild-warm.test.ts checks that pages
// rendered this way are byte for byte those `npm run build` writes).
//   node scripts/page-renderer.ts --prepare    bundles the site and keeps the bundle, unless kept already
//   node scripts/page-renderer.ts --build      `astro build --silent` that keeps its bundle (npm run build)
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AstroIntegration, AstroPrerenderer } from 'astro';
import { canonicalPagePath } from '../domain/catalog-paths.ts';

const astroDist = join(dirname(createRequire(import.meta.url).resolve('astro/package.json')), 'dist');
/** One of Astro's internal modules, by its path under astro/dist. */
// biome-ignore lint/suspicious/noExplicitAny: Astro's internal modules have no public types.
const astroInternal = (path: string): Promise<any> => import(pathToFileURL(join(astroDist, path)).href);

/** What the render bundle's pages are made of: a change to any of these needs a new bundle. */
const SOURCES = ['site', 'db', 'domain', 'worker', 'astro.config.mjs', 'tsconfig.json', 'package-lock.json'];

/** Astro's build options (opaque here: handed back to Astro's generation). */
interface BuildOptions {
  settings: { prerenderer?: unknown };
  logger: unknown;
  pageNames: string[];
  allPages: Record<string, { route: unknown }>;
}

/** The part of Astro's build internals its page generation reads (astro/dist/core/build). */
interface KeptInternals {
  prerenderEntryFileName: string;
  pagesByKeys: Map<string, unknown>;
  entrySpecifierToBundleMap: Map<string, string>;
}

interface Ready {
  key: string;
  options: BuildOptions;
  internals: KeptInternals;
  bundle: string;
}

export interface RenderStats {
  /** How the pages were rendered: from the bundle kept in memory, from the one kept on disk, or by bundling the site. */
  from: 'memory' | 'disk' | 'build';
  ms: number;
}

export interface PageRenderer {
  /** Where each render writes its pages (emptied first). */
  readonly outDir: string;
  /**
   * Renders the pages the variables ask for (those of `astro build`: DATABASE_URL,
   * COMPTOIR_ONLY_PATHS_FILE, COMPTOIR_BUILD_NOW, COMPTOIR_FAILED_PAGES_FILE) into outDir.
   */
  render(env: Record<string, string>): Promise<RenderStats>;
  /** Makes sure a bundle of the current sources is kept on disk (bundles the site when it is not). */
  prepare(env: Record<string, string>): Promise<void>;
  /** Whether a bundle of the current sources is kept on disk. */
  isPrepared(): boolean;
  close(): void;
}

/** A digest of the sources the bundle is made of (paths and contents). */
export function sourcesKey(root = process.cwd()): string {
  const hash = createHash('sha256');
  const add = (file: string) => {
    hash.update(relative(root, file));
    hash.update('\0');
    hash.update(readFileSync(file));
  };
  for (const name of SOURCES) {
    const path = join(root, name);
    if (!existsSync(path)) continue;
    if (name.includes('.')) add(path);
    else
      for (const e of readdirSync(path, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => join(e.parentPath, e.name))
        .sort())
        add(e);
  }
  return hash.digest('hex').slice(0, 16);
}

/** Where render bundles are kept, inside the project: their copies resolve packages from its node_modules. */
const storeOf = (root: string) => resolve(root, '.astro', 'page-renderer');

/**
 * `astro build` (the configuration's, as `astro build` runs it) that keeps its render bundle under the
 * store for these sources. Returns what later renders need, when the build got as far as rendering
 * pages (a build that failed on a page still leaves a good bundle); throws as the build does.
 */
export async function buildKeepingBundle(root: string, key: string, logLevel: 'error' | 'silent'): Promise<Omit<Ready, 'key'> | undefined> {
  const store = storeOf(root);
  mkdirSync(store, { recursive: true });
  const seen: { options?: BuildOptions; internals?: KeptInternals; bundle?: string } = {};
  let prerenderDir = '';
  const capture: AstroIntegration = {
    name: 'comptoir:page-renderer',
    hooks: {
      'astro:config:done': ({ config }) => {
        // Where Astro writes its render bundle (astro/dist/prerender/utils.js, core/build/common.js).
        const out = fileURLToPath(config.outDir);
        prerenderDir = out.startsWith(process.cwd()) ? join(out, '.prerender') : join(process.cwd(), '.astro', '.prerender');
      },
      'astro:build:start': ({ setPrerenderer }) => {
        setPrerenderer((fallback) => ({
          name: 'comptoir:page-renderer',
          async setup() {
            // The default prerenderer loads the bundle's entry and hands it Astro's options and
            // internals: load that module first (the same one) to see them go by.
            const entry = readdirSync(prerenderDir).find((f) => f.startsWith('prerender-entry') && f.endsWith('.mjs'));
            if (!entry) throw new Error(`no prerender entry in ${prerenderDir}`);
            const { app } = (await import(pathToFileURL(join(prerenderDir, entry)).href)) as {
              app: Record<string, (v: never) => void>;
            };
            const setInternals = app.setInternals!.bind(app);
            const setOptions = app.setOptions!.bind(app);
            app.setInternals = (v: KeptInternals) => ((seen.internals = v), setInternals(v as never));
            app.setOptions = (v: BuildOptions) => ((seen.options = v), setOptions(v as never));
            await fallback.setup?.();
            if (!seen.internals || !seen.options) throw new Error('Astro did not hand its build internals to the prerender entry');
            seen.bundle = keep(store, key, prerenderDir, seen.internals);
          },
          getStaticPaths: () => wantedPaths(fallback),
          render: (request, o) => fallback.render(request, o),
          teardown: () => fallback.teardown?.() ?? Promise.resolve(),
        }));
      },
    },
  };
  const env = process.env.ASTRO_TELEMETRY_DISABLED;
  process.env.ASTRO_TELEMETRY_DISABLED = '1';
  try {
    const { build } = await import('astro');
    await build({ root, logLevel, integrations: [capture] });
  } finally {
    if (env === undefined) delete process.env.ASTRO_TELEMETRY_DISABLED;
    else process.env.ASTRO_TELEMETRY_DISABLED = env;
  }
  return seen.options && seen.internals && seen.bundle
    ? { options: seen.options, internals: seen.internals, bundle: seen.bundle }
    : undefined;
}

/** Keeps the bundle and the internals its pages are rendered with under the store, by sources key. */
function keep(store: string, key: string, bundleDir: string, internals: KeptInternals): string {
  const target = join(store, key);
  if (existsSync(join(target, 'internals.json'))) return join(target, 'bundle');
  const tmp = mkdtempSync(join(store, 'tmp-'));
  cpSync(bundleDir, join(tmp, 'bundle'), { recursive: true });
  const kept = {
    prerenderEntryFileName: internals.prerenderEntryFileName,
    pagesByKeys: internals.pagesByKeys,
    entrySpecifierToBundleMap: internals.entrySpecifierToBundleMap,
  };
  writeFileSync(join(tmp, 'internals.json'), JSON.stringify(kept, replacer));
  try {
    renameSync(tmp, target);
  } catch {
    // Another build kept the same bundle first.
    rmSync(tmp, { recursive: true, force: true });
  }
  // Bundles of older sources are of no use any more.
  for (const name of readdirSync(store))
    if (/^[0-9a-f]{16}$/.test(name) && name !== key) rmSync(join(store, name), { recursive: true, force: true });
  return join(target, 'bundle');
}

export function createPageRenderer(root = process.cwd()): PageRenderer {
  const store = storeOf(root);
  mkdirSync(store, { recursive: true });
  // Folders of renderers that are gone (a watcher killed) are of no use.
  for (const name of readdirSync(store)) {
    const pid = Number(name.match(/^run-(\d+)-/)?.[1]);
    if (pid && !alive(pid)) rmSync(join(store, name), { recursive: true, force: true });
  }
  const home = mkdtempSync(join(store, `run-${process.pid}-`));
  const outDir = join(home, 'client');
  let ready: Ready | undefined;
  let copies = 0;

  /** Runs `fn` with the variables set, as `astro build` would see them. */
  async function withEnv<T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
    const all = { ...env, COMPTOIR_SITE_OUT_DIR: outDir, ASTRO_TELEMETRY_DISABLED: '1' };
    const saved = Object.fromEntries(Object.keys(all).map((k) => [k, process.env[k]]));
    Object.assign(process.env, all);
    try {
      return await fn();
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  }

  /** `astro build` of the pages asked for, keeping its render bundle (in memory and on disk). */
  async function buildAndKeep(key: string): Promise<void> {
    const kept = await buildKeepingBundle(root, key, 'error');
    // Later renders use Astro's own prerenderer on each copy of the bundle (see generate).
    if (!kept) return;
    kept.options.settings.prerenderer = onlyWanted;
    ready = { key, ...kept };
  }

  /** The bundle kept on disk for these sources, with Astro's options rebuilt from the configuration. */
  async function fromDisk(key: string): Promise<Ready | undefined> {
    const dir = join(store, key);
    if (!existsSync(join(dir, 'internals.json'))) return undefined;
    const internals = JSON.parse(readFileSync(join(dir, 'internals.json'), 'utf8'), reviver) as KeptInternals;
    // What `astro build` sets up before it bundles (astro/dist/core/build/index.js), without Vite's build.
    // What `astro build` sets up before it bundles (AstroBuilder.setup in astro/dist/core/build/index.js),
    // without Vite's configuration, which only its bundling uses.
    const [
      { resolveConfig },
      { createSettings },
      { loadOrCreateNodeLogger },
      hooks,
      { createRoutesList },
      { collectPagesData },
      util,
      encryption,
    ] = await Promise.all([
      astroInternal('core/config/config.js'),
      astroInternal('core/config/settings.js'),
      astroInternal('core/logger/load.js'),
      astroInternal('integrations/hooks.js'),
      astroInternal('core/routing/create-manifest.js'),
      astroInternal('core/build/page-data.js'),
      astroInternal('core/util.js'),
      astroInternal('core/encryption.js'),
    ]);
    util.ensureProcessNodeEnv('production');
    const inline = { root, logLevel: 'error' as const };
    const { astroConfig } = await resolveConfig(inline, 'build');
    const logger = await loadOrCreateNodeLogger(astroConfig, inline);
    let settings = await createSettings(astroConfig, inline.logLevel, root);
    settings = await hooks.runHookConfigSetup({ settings, command: 'build', logger });
    settings.buildOutput = settings.config.output === 'server' ? 'server' : 'static';
    const routesList = await createRoutesList({ settings }, logger);
    await hooks.runHookConfigDone({ settings, logger, command: 'build' });
    const { allPages } = collectPagesData({ settings, logger, manifest: routesList });
    const options = {
      allPages,
      settings,
      logger,
      routesList,
      runtimeMode: 'production',
      origin: settings.config.site ? new URL(settings.config.site).origin : `http://localhost:${settings.config.server.port}`,
      pageNames: [],
      key: encryption.hasEnvironmentKey() ? encryption.getEnvironmentKey() : encryption.createKey(),
      force: false,
    };
    settings.prerenderer = onlyWanted;
    return { key, options, internals, bundle: join(dir, 'bundle') };
  }

  /** Astro's page generation over a fresh copy of the bundle, then the integrations' build:done hooks. */
  async function generate(r: Ready): Promise<void> {
    const copy = join(home, `bundle-${++copies}`);
    // Hard links: a new path for each file (so new modules), without copying a byte.
    for (const e of readdirSync(r.bundle, { recursive: true, withFileTypes: true })) {
      const target = join(copy, relative(r.bundle, join(e.parentPath, e.name)));
      if (e.isDirectory()) mkdirSync(target, { recursive: true });
      else if (e.isFile()) {
        mkdirSync(dirname(target), { recursive: true });
        linkSync(join(e.parentPath, e.name), target);
      }
    }
    try {
      const [{ generatePages }, { runHookBuildDone }] = await Promise.all([
        astroInternal('core/build/generate.js'),
        astroInternal('integrations/hooks.js'),
      ]);
      r.options.pageNames.length = 0;
      await generatePages(r.options, r.internals, pathToFileURL(`${copy}/`));
      // What the site's integrations do once the pages are written (_headers, the English 404), as in a build.
      await runHookBuildDone({
        settings: r.options.settings,
        pages: r.options.pageNames,
        routes: Object.values(r.options.allPages).map((p) => p.route),
        logger: r.options.logger,
      });
    } finally {
      // The pages' modules are loaded by now: their files are no longer needed (removed meanwhile).
      void rm(copy, { recursive: true, force: true });
    }
  }

  return {
    outDir,
    async render(env) {
      const started = performance.now();
      const key = sourcesKey(root);
      const from = await withEnv(env, async () => {
        // The last render's pages are published by now: moved aside at once, removed meanwhile.
        if (existsSync(outDir)) {
          const old = `${outDir}-old-${++copies}`;
          renameSync(outDir, old);
          void rm(old, { recursive: true, force: true });
        }
        if (ready?.key !== key) ready = undefined;
        let from: RenderStats['from'] = 'memory';
        if (!ready) {
          ready = await fromDisk(key);
          from = 'disk';
        }
        if (!ready) {
          await buildAndKeep(key);
          return 'build' as const;
        }
        await generate(ready);
        return from;
      });
      return { from, ms: Math.round(performance.now() - started) };
    },
    isPrepared: () => existsSync(join(store, sourcesKey(root), 'internals.json')),
    async prepare(env) {
      const key = sourcesKey(root);
      if (existsSync(join(store, key, 'internals.json'))) return;
      // No page asked for: the build bundles the site and renders only the few pages without parameters.
      const list = join(home, 'none.json');
      writeFileSync(list, '[]');
      await withEnv({ ...env, COMPTOIR_ONLY_PATHS_FILE: list }, () => buildAndKeep(key)).catch((err) => {
        if (!existsSync(join(store, key, 'internals.json'))) throw err;
      });
    },
    close() {
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/**
 * The prerenderer of a rebuild: Astro's own, over the pages it was asked for only (COMPTOIR_ONLY_PATHS_FILE,
 * by canonical path: a large shop's parts come with the shop). A build renders every page without
 * parameters (home, lists, 404) whatever the list says, and the rebuild would not publish them.
 */
const onlyWanted = (fallback: AstroPrerenderer): AstroPrerenderer => ({
  name: 'comptoir:page-renderer',
  setup: () => fallback.setup?.() ?? Promise.resolve(),
  getStaticPaths: () => wantedPaths(fallback),
  render: (request, o) => fallback.render(request, o),
  teardown: () => fallback.teardown?.() ?? Promise.resolve(),
});

async function wantedPaths(fallback: AstroPrerenderer) {
  const all = await fallback.getStaticPaths();
  const file = process.env.COMPTOIR_ONLY_PATHS_FILE;
  if (!file) return all;
  const only = new Set((JSON.parse(readFileSync(file, 'utf8')) as string[]).map(canonicalPagePath));
  return all.filter((p) => only.has(canonicalPagePath(p.pathname)));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// JSON for the kept internals: Maps, Sets, URLs and RegExps (the routes' patterns) round-trip.
function replacer(this: Record<string, unknown>, key: string, raw: unknown): unknown {
  // Before toJSON: a URL would otherwise arrive as its string.
  const value = this[key] ?? raw;
  if (value instanceof Map) return { $map: [...value] };
  if (value instanceof Set) return { $set: [...value] };
  if (value instanceof URL) return { $url: value.href };
  if (value instanceof RegExp) return { $re: value.source, flags: value.flags };
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const v = value as Record<string, unknown>;
  if ('$map' in v) return new Map(v.$map as [unknown, unknown][]);
  if ('$set' in v) return new Set(v.$set as unknown[]);
  if ('$url' in v) return new URL(v.$url as string);
  if ('$re' in v) return new RegExp(v.$re as string, v.flags as string);
  return value;
}

if (import.meta.main && process.argv.includes('--prepare')) {
  const renderer = createPageRenderer();
  try {
    await renderer.prepare({});
  } finally {
    renderer.close();
  }
} else if (import.meta.main && process.argv.includes('--build')) {
  await buildKeepingBundle(process.cwd(), sourcesKey(), 'silent');
}
