// The catalog rebuilder run beside a local worker (npm start, npm run dev, bench:rebuild): a child process
// (scripts/catalog-rebuild.ts --watch) that asks the worker to serve the files each publish changed,
// started again when it exits on its own (it does so once idle to shed memory: exit 75).
import { type ChildProcess, fork, type StdioOptions } from 'node:child_process';
import type { RebuildResult } from './catalog-rebuild.ts';

export interface RebuildWatcherOptions {
  worker: { reloadAssets(changed?: readonly string[]): Promise<unknown> };
  databaseUrl: string;
  /** Where the published pages are, when not the default dist/. */
  dist?: string;
  log: (message: string) => void;
  /** Each rebuild the watcher reports. */
  onRebuilt?: (result: RebuildResult) => void;
  stdio?: StdioOptions;
}

/** The rebuilder's young generation kept small (it rests at ~120 MB instead of ~240 MB); its builds keep full speed. */
const LEAN_CHILD = ['--max-semi-space-size=4'];

export function startRebuildWatcher(o: RebuildWatcherOptions): { stop(): void } {
  let stopping = false;
  const start = (): ChildProcess => {
    const child = fork('scripts/catalog-rebuild.ts', ['--watch', ...(o.dist ? ['--dist', o.dist] : [])], {
      env: { ...process.env, DATABASE_URL: o.databaseUrl },
      execArgv: [...process.execArgv, ...LEAN_CHILD],
      ...(o.stdio ? { stdio: o.stdio } : {}),
    });
    child.on('message', (m: { type?: string; id?: number; files?: string[]; result?: RebuildResult }) => {
      if (m?.type === 'rebuilt' && m.result) o.onRebuilt?.(m.result);
      if (m?.type !== 'reload-assets') return;
      o.worker.reloadAssets(m.files).then(
        (r) => child.send({ type: 'assets-reloaded', id: m.id, restarted: (r as { restarted?: boolean } | undefined)?.restarted }),
        (err: unknown) => child.send({ type: 'assets-reloaded', id: m.id, error: String(err) }),
      );
    });
    child.on('exit', (code) => {
      if (stopping) return;
      if (code !== 75) o.log(`the catalog rebuilder stopped (exit ${code}); starting it again`);
      // Right away after an idle exit; after a crash, not in a tight loop.
      setTimeout(() => (current = start()), code === 75 ? 0 : 5000);
    });
    return child;
  };
  let current = start();
  return {
    stop() {
      stopping = true;
      current.kill('SIGTERM');
    },
  };
}
