import { createPageRenderer } from './page-renderer.ts';
import { writeFileSync, readdirSync } from 'node:fs';
const r = createPageRenderer();
writeFileSync('/tmp/rp/pages.json', JSON.stringify(process.argv.slice(2)));
for (let i = 0; i < 4; i++) {
  const st = await r.render({
    DATABASE_URL: 'file:data/bench-national/catalog.db',
    COMPTOIR_ONLY_PATHS_FILE: '/tmp/rp/pages.json',
    COMPTOIR_BUILD_NOW: String(Date.now()),
  });
  console.log(
    st,
    readdirSync(r.outDir, { recursive: true }).filter((f) => String(f).endsWith('.html')).length,
    (process.memoryUsage().rss / 1e6) | 0,
  );
}
r.close();
