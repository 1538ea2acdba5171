// `npm run bench:sizes`: what a shopper downloads. The worker bundle and, for each hub's shop page,
// HTML + CSS + JS as gzip, read from the last build in dist/. One JSON line.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const gz = (path: string) => gzipSync(readFileSync(path), { level: 9 }).length;
const worker = { rawBytes: statSync('dist/worker/index.js').size, gzipBytes: gz('dist/worker/index.js') };

const shops: Record<string, unknown> = {};
for (const hub of readdirSync('dist/client/boutiques')) {
  const htmlPath = join('dist/client/boutiques', hub, 'index.html');
  const html = readFileSync(htmlPath, 'utf8');
  const assets = withImports([...html.matchAll(/(?:href|src)="(\/[^"]+\.(?:css|js))"/g)].map((m) => m[1]!));
  const assetBytes = assets.map((a) => ({ path: a, gzipBytes: gz(join('dist/client', a)) }));
  const js = assetBytes.filter((a) => a.path.endsWith('.js')).reduce((s, a) => s + a.gzipBytes, 0);
  const variants = (html.match(/class="variant"/g) ?? []).length;
  shops[hub] = { variants, htmlGzipBytes: gz(htmlPath), cssJsGzipBytes: assetBytes.reduce((s, a) => s + a.gzipBytes, 0), jsGzipBytes: js, totalGzipBytes: gz(htmlPath) + assetBytes.reduce((s, a) => s + a.gzipBytes, 0), assets: assets };
}
console.log(JSON.stringify({ bench: 'sizes', worker, shops }));

/** The page's scripts and the chunks they import, each once. */
function withImports(paths: string[]): string[] {
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    if (!path.endsWith('.js')) return;
    const dir = path.slice(0, path.lastIndexOf('/') + 1);
    for (const m of readFileSync(join('dist/client', path), 'utf8').matchAll(/from\s*"\.\/([^"]+\.js)"/g)) visit(dir + m[1]);
  };
  paths.forEach(visit);
  return [...seen];
}
