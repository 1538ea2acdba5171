// Worker entry: requests that are not static assets (see run_worker_first in wrangler.toml) reach the app.
import { createApp } from './app.tsx';
import type { Env } from './env.ts';

const app = createApp();

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
