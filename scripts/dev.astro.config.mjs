// `npm run dev`'s Astro dev server (scripts/dev.ts): the project's configuration, with the paths the
// worker answers (wrangler.jsonc's run_worker_first: API, order pages, back office, mailbox, images)
// passed to the local worker, so the pages under development call the real API.
import base from '../astro.config.mjs';

const worker = process.env.COMPTOIR_DEV_WORKER_URL ?? 'http://127.0.0.1:8787';
const prefixes = JSON.parse(process.env.COMPTOIR_DEV_WORKER_PATHS ?? '[]');

export default {
  ...base,
  vite: {
    ...base.vite,
    server: {
      ...base.vite?.server,
      // Vite reads a key starting with ^ as a regular expression over the path and query.
      proxy: Object.fromEntries(
        prefixes.map((/** @type {string} */ p) => [p.endsWith('/*') ? `^${p.slice(0, -2)}(/|\\?|$)` : `^${p}(\\?|$)`, { target: worker }]),
      ),
    },
  },
};
