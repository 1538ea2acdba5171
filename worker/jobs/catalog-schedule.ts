// Keeps the static catalog in step with time and hands rebuilds to production's CI: marks the pages of
// cycles that opened or closed (the live overlay covers the seconds until they are published), retries
// a failed rebuild, and, where CATALOG_DEPLOY_HOOK_URL is set, calls the deploy hook once edits settle.
import { callDeployHook, markCycleTransitions, retryFailedRebuild } from '../../db/publishing/rebuilds.ts';
import type { Job } from './job.ts';

export const catalogSchedule: Job = {
  name: 'catalog-schedule',
  async run({ db, env, now }) {
    const transitions = await markCycleTransitions(db, now);
    const retried = await retryFailedRebuild(db, now);
    const hook = env.CATALOG_DEPLOY_HOOK_URL
      ? await callDeployHook(db, {
          url: env.CATALOG_DEPLOY_HOOK_URL,
          token: env.CATALOG_DEPLOY_HOOK_TOKEN,
          quietMs: Number(env.CATALOG_REBUILD_QUIET_MS ?? 60_000),
          maxWaitMs: Number(env.CATALOG_REBUILD_MAX_WAIT_MS ?? 300_000),
        })
      : 'local';
    return { transitions, retried, hook };
  },
};
