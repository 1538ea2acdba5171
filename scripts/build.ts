// `npm run build`: pre-renders the site from the configured database into dist/client, then bundles
// the worker with wrangler (offline dry run) into dist/worker, the unit `wrangler deploy` ships.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';

export function build(env: NodeJS.ProcessEnv = process.env): void {
  // Stale files would otherwise be published with the new ones.
  rmSync('dist', { recursive: true, force: true });
  run('astro', ['build', '--silent'], env);
  run('wrangler', ['deploy', '--dry-run', '--outdir', 'dist/worker', '--config', 'wrangler.toml'], env);
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): void {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...env, ASTRO_TELEMETRY_DISABLED: '1', WRANGLER_SEND_METRICS: 'false' } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
}

if (import.meta.main) build();
