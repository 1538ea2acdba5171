// Astro pre-renders the catalog (home, shops, producers, impact; French, and English under /en/) from
// the database at build time. Pages rendered on demand (products, orders) live in the worker, so this
// build is purely static.
import { defineConfig } from 'astro/config';
import { cp, rename, rm, writeFile } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { staticHeadersFile } from './worker/security-headers.ts';

// Tests and rebuilds build elsewhere (scripts/build.ts, scripts/catalog-rebuild.ts) so that parallel runs
// never share an output folder.
const requested = resolve(process.env.COMPTOIR_SITE_OUT_DIR ?? './dist/client');
// Astro renders from a bundle written next to the output when the output is inside the working
// directory, and otherwise in one shared ./.astro/.prerender that the first build to finish deletes,
// failing any build running alongside. Outputs elsewhere (tests write to /tmp) are therefore built in
// a folder of this process's own, then copied where they were asked for.
const inside = requested.startsWith(process.cwd() + sep);
const outDir = inside ? requested : resolve('.astro', `out-${process.pid}`);

export default defineConfig({
  srcDir: './site',
  publicDir: './site/public',
  outDir,
  output: 'static',
  trailingSlash: 'ignore',
  build: { format: 'directory', inlineStylesheets: 'never', concurrency: 1 },
  compressHTML: true,
  devToolbar: { enabled: false },
  // The shop's island is bundled as Vite bundles a worker (ShopPage.astro): as an ES module, so that the
  // page's loader can import() it.
  vite: { worker: { format: 'es' } },
  integrations: [
    {
      // Workers Static Assets (and Miniflare locally) read _headers from the output: the static pages get
      // the worker's own security headers, from the one module that defines them.
      name: 'comptoir:security-headers',
      hooks: {
        'astro:build:done': async () => {
          await writeFile(resolve(outDir, '_headers'), staticHeadersFile());
        },
      },
    },
    {
      // The asset server answers a missing page with the nearest 404.html up the path: English pages
      // get theirs as en/404.html (Astro names only the root one that way).
      name: 'comptoir:english-404',
      hooks: {
        'astro:build:done': async () => {
          await rename(resolve(outDir, 'en/404/index.html'), resolve(outDir, 'en/404.html')).catch((err) => {
            if (err.code !== 'ENOENT') throw err;
          });
          await rm(resolve(outDir, 'en/404'), { recursive: true, force: true });
        },
      },
    },
    ...(inside
      ? []
      : [
          {
            name: 'comptoir:copy-output',
            hooks: {
              'astro:build:done': async () => {
                await rm(requested, { recursive: true, force: true });
                await cp(outDir, requested, { recursive: true });
                await rm(outDir, { recursive: true, force: true });
              },
            },
          },
        ]),
  ],
});
