// Worker entry: requests that are not static assets (see run_worker_first in wrangler.jsonc) reach the
// app; the cron trigger runs the scheduled jobs.
import { createApp } from './app.tsx';
import type { Env } from './env.ts';
import { runScheduledJobs } from './jobs/index.ts';

const app = createApp();

export default {
  fetch: app.fetch,
  scheduled(controller, env, ctx) {
    ctx.waitUntil(runScheduledJobs(env, controller.scheduledTime));
  },
} satisfies ExportedHandler<Env>;
