// What a scheduled job is: a name and a run over the database, the environment and the clock. Its own
// module so the jobs and the list that runs them (index.ts) do not import each other.
import type { Db } from '../../db/core/client.ts';
import type { Env } from '../env.ts';

export interface JobContext {
  db: Db;
  env: Env;
  now: number;
}

export type Job = { name: string; run(ctx: JobContext): Promise<unknown> };
