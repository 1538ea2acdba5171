// Work the worker does on a schedule (wrangler.jsonc "triggers"), each job independent: one failing
// job is logged and does not stop the others. Jobs are added here as features need them.
import { purgeSignIns } from '../auth/purge-job.ts';
import { databaseFor } from '../db.ts';
import type { Env } from '../env.ts';
import { catalogSchedule } from './catalog-schedule.ts';
import { expireReservations } from './expire-reservations.ts';
import type { Job } from './job.ts';
import { sendOutbox } from './send-outbox.ts';
import { tellProducers } from './tell-producers.ts';

export const jobs: Job[] = [expireReservations, sendOutbox, catalogSchedule, purgeSignIns, tellProducers];

export async function runScheduledJobs(env: Env, now: number, only: readonly Job[] = jobs): Promise<void> {
  const db = databaseFor(env);
  const results = await Promise.allSettled(only.map((job) => job.run({ db, env, now })));
  results.forEach((r, i) => {
    if (r.status === 'rejected') console.error(JSON.stringify({ job: only[i]!.name, error: String(r.reason) }));
  });
}
