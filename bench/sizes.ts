// `npm run bench:sizes`: what a shopper downloads, read from the last build in dist/: the worker bundle
// and, for each hub's shop page (its first part), HTML + CSS + JS as gzip. One JSON line.
// The page-weight helpers are shared with bench/catalog.ts.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

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

if (import.meta.main) {
  const client = 'dist/client';
  const worker = { rawBytes: statSync('dist/worker/index.js').size, gzipBytes: gzipBytes('dist/worker/index.js') };
  const shops: Record<string, PageWeight> = {};
  const dir = join(client, 'boutiques');
  for (const hub of existsSync(dir) ? readdirSync(dir) : []) {
    if (existsSync(join(dir, hub, 'index.html'))) shops[hub] = pageWeight(client, `/boutiques/${hub}/`);
  }
  console.log(JSON.stringify({ bench: 'sizes', worker, shops }));
}
