// Astro pre-renders the catalog (home, shops, producers) from the database at build time.
// Pages rendered on demand (orders) live in the worker, so this build is purely static.
import { defineConfig } from 'astro/config';

export default defineConfig({
  srcDir: './site',
  publicDir: './site/public',
  outDir: './dist/client',
  output: 'static',
  trailingSlash: 'ignore',
  build: { format: 'directory', inlineStylesheets: 'never' },
  compressHTML: true,
  devToolbar: { enabled: false },
});
