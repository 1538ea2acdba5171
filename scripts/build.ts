// `npm run build`: pre-renders the site from the configured database into <dist>/client (keeping the
// render bundle for catalog rebuilds, scripts/page-renderer.ts), then bundles
// the shopper-facing worker with wrangler (offline dry run) into <dist>/worker, the unit `wrangler deploy`
// ships, and the documents worker (invoice PDFs, worker/documents/wrangler.jsonc) into <dist>/documents.
// <dist> is ./dist; tests build into a directory of their own so parallel runs never mix outputs.
// A page that cannot be rendered is left out and reported (path and reason); the others are built.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const DEFAULT_DIST = 'dist';
/** The documents worker's own configuration (invoice PDFs), bound to the main worker as DOCUMENTS. */
export const DOCUMENTS_CONFIG = 'worker/documents/wrangler.jsonc';

/** A page the build could not render, by its canonical path, and why. */
export interface PageFailure {
  path: string;
  reason: string;
}

/** Where the page build reports the pages it left out (site/lib/build-data.ts), and how to read them back. */
export function pageFailureLog(): { file: string; read(): PageFailure[]; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'comptoir-pages-'));
  const file = join(dir, 'failed-pages.jsonl');
  return {
    file,
    read() {
      if (!existsSync(file)) return [];
      const seen = new Map<string, PageFailure>();
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        const f = JSON.parse(line) as PageFailure;
        if (!seen.has(f.path)) seen.set(f.path, f);
      }
      return [...seen.values()].sort((a, b) => a.path.localeCompare(b.path));
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function build(env: NodeJS.ProcessEnv = process.env, dist = DEFAULT_DIST): { failedPages: PageFailure[] } {
  // Stale files would otherwise be published with the new ones.
  rmSync(dist, { recursive: true, force: true });
  const client = join(dist, 'client');
  const failures = pageFailureLog();
  try {
    // `astro build --silent` that also keeps the site's render bundle for the catalog rebuilds' renderer
    // (scripts/page-renderer.ts), so the rebuilder never bundles the site again for these sources.
    run(process.execPath, ['scripts/page-renderer.ts', '--build'], {
      ...env,
      COMPTOIR_SITE_OUT_DIR: client,
      COMPTOIR_FAILED_PAGES_FILE: failures.file,
    });
    run('wrangler', ['deploy', '--dry-run', '--outdir', join(dist, 'worker'), '--assets', client, '--config', 'wrangler.jsonc'], env);
    // Absolute: wrangler resolves the bundle's --outdir against the directory of a config passed with -c.
    run('wrangler', ['deploy', '--dry-run', '--outdir', resolve(dist, 'documents'), '--config', DOCUMENTS_CONFIG], env);
    const failedPages = failures.read();
    for (const f of failedPages) console.error(`[build] page not built: ${f.path} — ${f.reason}`);
    return { failedPages };
  } finally {
    failures.remove();
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): void {
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...env, ASTRO_TELEMETRY_DISABLED: '1', WRANGLER_SEND_METRICS: 'false' },
  });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
}

if (import.meta.main) {
  // The pages that could be built are there to deploy (a chained `wrangler deploy` still runs); the
  // ones left out are listed above, and a catalog rebuild records them in the rebuild log.
  const { failedPages } = build();
  if (failedPages.length) console.error(`[build] ${failedPages.length} page(s) could not be rendered and were left out.`);
}
