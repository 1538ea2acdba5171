// Astro pre-renders the catalog (home, shops, producers) from the database at build time.
// Pages rendered on demand (orders) live in the worker, so this build is purely static.
import { defineConfig } from 'astro/config';

export default defineConfig({
  srcDir: './site',
  publicDir: './site/public',
  // Tests build elsewhere (scripts/build.ts) so that parallel runs never share an output folder.
  outDir: process.env.COMPTOIR_SITE_OUT_DIR ?? './dist/client',
  output: 'static',
  trailingSlash: 'ignore',
  build: { format: 'directory', inlineStylesheets: 'never' },
  compressHTML: true,
  devToolbar: { enabled: false },
});
