// A fresh copy of the seeded template database served by the built worker in workerd, plus a direct
// database connection for arranging and checking state the way a user could not.
import { copyFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { connect, type Connection } from '../../db/core/connect.ts';
import { startLocalWorker, type LocalWorker } from '../../scripts/local-worker.ts';

export interface TestWorker {
  url: string;
  conn: Connection;
  worker: LocalWorker;
  /** The served build: pages in <dist>/client (the shared one, unless the test asked for its own copy). */
  dist: string;
  dbUrl: string;
  /** JSON request to the worker; returns status, headers and parsed body. */
  call<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; headers: Headers; body: T }>;
  close(): Promise<void>;
}

/**
 * `bindings`: extra worker variables, e.g. Stripe's keys and the fake Stripe API's host and port.
 * PUBLIC_URL is the URL served (links in e-mails point back to this worker); `PUBLIC_URL: ''` runs it
 * unconfigured, as a production worker without it.
 * `ownDist`: serve a private copy of the build, for tests that rebuild and publish pages, which must
 * not touch the build other test files read.
 */
export async function startTestWorker(options: { bindings?: Record<string, string>; ownDist?: boolean } = {}): Promise<TestWorker> {
  const dir = mkdtempSync(join(tmpdir(), 'comptoir-db-'));
  const dbPath = join(dir, 'comptoir.db');
  copyFileSync(inject('templateDb'), dbPath);
  // The local R2 bucket (kept beside the database, see startLocalWorker) with the demo photos already in.
  cpSync(inject('templateR2'), join(dir, 'r2'), { recursive: true });
  let dist = inject('dist');
  if (options.ownDist) {
    dist = join(dir, 'dist');
    cpSync(inject('dist'), dist, { recursive: true });
  }
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
