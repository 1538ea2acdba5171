// `npm run build`: pre-renders the site from the configured database into <dist>/client, then bundles
// the worker with wrangler (offline dry run) into <dist>/worker, the unit `wrangler deploy` ships.
// <dist> is ./dist; tests build into a directory of their own so parallel runs never mix outputs.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

export const DEFAULT_DIST = 'dist';

export function build(env: NodeJS.ProcessEnv = process.env, dist = DEFAULT_DIST): void {
  // Stale files would otherwise be published with the new ones.
  rmSync(dist, { recursive: true, force: true });
  const client = join(dist, 'client');
  run('astro', ['build', '--silent'], { ...env, COMPTOIR_SITE_OUT_DIR: client });
  run('wrangler', ['deploy', '--dry-run', '--outdir', join(dist, 'worker'), '--assets', client, '--config', 'wrangler.toml'], env);
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): void {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...env, ASTRO_TELEMETRY_DISABLED: '1', WRANGLER_SEND_METRICS: 'false' } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
}

if (import.meta.main) build();
