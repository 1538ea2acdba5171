// A test's own copy of the built site and of the seeded database, served by the built worker: for
// tests that rebuild and publish pages, which must not touch the build other test files read.
import { copyFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { connect } from '../../db/connect.ts';
import { startLocalWorker } from '../../scripts/local-worker.ts';
import type { TestWorker } from './local-worker.ts';

export interface SiteWorker extends TestWorker {
  /** The served output: pages in <dist>/client. */
  dist: string;
  dbUrl: string;
}

export async function startSiteWorker(options: { bindings?: Record<string, string> } = {}): Promise<SiteWorker> {
  const dir = mkdtempSync(join(tmpdir(), 'comptoir-site-'));
  const dbPath = join(dir, 'comptoir.db');
  copyFileSync(inject('templateDb'), dbPath);
  const dist = join(dir, 'dist');
  cpSync(inject('dist'), dist, { recursive: true });
  const worker = await startLocalWorker({ dbPath, dist, ...(options.bindings ? { bindings: options.bindings } : {}) });
  const conn = await connect(`file:${dbPath}`);
  return {
    url: worker.url,
    conn,
    worker,
    dist,
    dbUrl: `file:${dbPath}`,
    async call(method, path, body, headers = {}) {
      const res = await fetch(worker.url + path, {
        method,
        headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
        body: body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {}
      return { status: res.status, headers: res.headers, body: parsed as any };
    },
    async close() {
      conn.close();
      await worker.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
