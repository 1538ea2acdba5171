// `npm run bench:cart [-- --connections 10 --duration 10]`: add-to-cart under load beside the health check,
// against the built worker in workerd over a seeded copy of the demo database, with the same load loop
// (keep-alive node:http, one request in flight per connection, in a worker thread so it does not share
// the event loop of the local database endpoint and edge), and the database round trips of each cart
// action counted at the libSQL endpoint. One JSON line.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

interface Load {
  url: string;
  method: 'GET' | 'POST';
  /** One path per connection (each connection adds to a cart of its own). */
  paths: string[];
  body?: string;
  durationMs: number;
}

interface LoadResult {
  requests: number;
  errors: number;
  firstError?: string;
  seconds: number;
  latencies: number[];
}

if (isMainThread) await main();
else parentPort!.postMessage(await runLoad(workerData as Load));

/** Keeps one request in flight on each connection for `durationMs`; latencies in ms. */
async function runLoad(load: Load): Promise<LoadResult> {
  const { hostname, port } = new URL(load.url);
  const agent = new Agent({ keepAlive: true, maxSockets: load.paths.length });
  const headers = load.body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(load.body) } : {};
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const once = (path: string) =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const req = request({ agent, hostname, port, path, method: load.method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          latencies.push(performance.now() - t0);
          if (res.statusCode !== 200) {
            errors++;
            firstError ??= `${res.statusCode}: ${Buffer.concat(chunks).toString().slice(0, 300)}`;
          }
          resolve();
        });
      });
      req.on('error', (e) => {
        errors++;
        firstError ??= String(e);
        resolve();
      });
      req.end(load.body);
    });
  const started = performance.now();
  const end = started + load.durationMs;
  await Promise.all(
    load.paths.map(async (path) => {
      while (performance.now() < end) await once(path);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { requests: latencies.length, errors, ...(firstError ? { firstError } : {}), seconds, latencies };
}

function inThread(load: Load): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL(import.meta.url), { workerData: load });
    w.once('message', resolve);
    w.once('error', reject);
  });
}

/**
 * CPU time (ms) used so far by this process's main thread (the libSQL endpoint and the edge run there)
 * and by its child processes (workerd), from /proc; null where there is no /proc.
 */
function cpuNow(): { endpoint: number; workerd: number } | null {
  const ticks = (stat: string) => {
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, at USER_HZ = 100
  };
  try {
    const endpoint = ticks(readFileSync(`/proc/${process.pid}/task/${process.pid}/stat`, 'utf8'));
    let workerd = 0;
    // A thread may end between the listing and the read (the load's worker thread does): skip it.
    const readOr = (file: string) => {
      try {
        return readFileSync(file, 'utf8');
      } catch {
        return '';
      }
    };
    const children = readdirSync(`/proc/${process.pid}/task`).flatMap((t) =>
      readOr(`/proc/${process.pid}/task/${t}/children`).split(' ').filter(Boolean),
    );
    for (const c of children) {
      const stat = readOr(`/proc/${c}/stat`);
      if (stat) workerd += ticks(stat);
    }
    return { endpoint, workerd };
  } catch {
    return null;
  }
}

async function measured(load: Load) {
  const before = cpuNow();
  const r = await inThread(load);
  const after = cpuNow();
  const s = r.latencies.sort((a, b) => a - b);
  const q = (p: number) => Number(s[Math.min(s.length - 1, Math.floor(p * s.length))]!.toFixed(2));
  const perRequest = (a: number, b: number) => Number(((a - b) / r.requests).toFixed(2));
  return {
    requests: r.requests,
    errors: r.errors,
    ...(r.firstError ? { firstError: r.firstError } : {}),
    rps: Math.round(r.requests / r.seconds),
    p50Ms: q(0.5),
    p99Ms: q(0.99),
    maxMs: q(1),
    ...(before && after
      ? {
          cpuMsPerRequest: {
            workerd: perRequest(after.workerd, before.workerd),
            endpointAndEdge: perRequest(after.endpoint, before.endpoint),
          },
        }
      : {}),
  };
}

async function main() {
  const { values } = parseArgs({
    options: { connections: { type: 'string', default: '10' }, duration: { type: 'string', default: '10' } },
  });
  const connections = Number(values.connections);
  const durationMs = Number(values.duration) * 1000;
  if (!(connections >= 1) || !(durationMs > 0)) throw new Error('--connections N (>= 1) and --duration seconds (> 0)');

  const { shopItems } = await import('../db/catalog/shop.ts');
  const { hubSummaries } = await import('../db/catalog/site.ts');
  const { connect } = await import('../db/core/connect.ts');
  const { migrateDatabase } = await import('../db/core/migrate.ts');
  const { seedDemo } = await import('../db/seed/demo.ts');
  const { build } = await import('../scripts/build.ts');
  const { startLocalWorker, workerBundle } = await import('../scripts/local-worker.ts');

  const dir = mkdtempSync(join(tmpdir(), 'comptoir-bench-'));
  const dbPath = join(dir, 'bench.db');
  const conn = await connect(`file:${dbPath}`);
  await migrateDatabase(conn.db);
  await seedDemo(conn.db, { now: Date.now() });
  const hub = (await hubSummaries(conn.db, Date.now())).find((h) => h.open)!;
  const items = await shopItems(conn.db, { hubId: hub.id, cycleId: hub.open!.cycleId, outgoingId: hub.open!.outgoingId });
  // On demand and without a per-order limit, so every add is accepted however long the bench runs.
  const variant = items.find((i) => i.onDemand && i.maxPerOrder === null)!;
  conn.close();
  if (!existsSync(workerBundle())) build({ ...process.env, DATABASE_URL: `file:${dbPath}` });

  const worker = await startLocalWorker({ dbPath });
  try {
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(worker.url + path, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? null : JSON.stringify(body),
      });
      const json = (await res.json()) as { id: string };
      if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(json)}`);
      return json;
    };
    const carts: string[] = [];
    for (let i = 0; i < connections; i++) carts.push((await call('POST', '/api/carts', { hub: hub.slug })).id);

    // Round trips of each cart action, one at a time so nothing else is counted.
    const trips = async (method: string, path: string, body?: unknown) => {
      const before = worker.database.pipelines;
      await call(method, path, body);
      return worker.database.pipelines - before;
    };
    const line = `/api/carts/${carts[0]}/lines`;
    const dbRoundTrips = {
      health: await trips('GET', '/api/health'),
      read: await trips('GET', `/api/carts/${carts[0]}`),
      add: await trips('POST', line, { variantId: variant.variantId, quantity: 1 }),
      set: await trips('PUT', `${line}/${variant.variantId}`, { quantity: 2 }),
      remove: await trips('DELETE', `${line}/${variant.variantId}`),
    };

    const health: Load = { url: worker.url, method: 'GET', paths: carts.map(() => '/api/health'), durationMs };
    const add: Load = {
      url: worker.url,
      method: 'POST',
      paths: carts.map((c) => `/api/carts/${c}/lines`),
      body: JSON.stringify({ variantId: variant.variantId, quantity: 1 }),
      durationMs,
    };
    // Warm-up: JIT, connections, the database's pages.
    await inThread({ ...health, durationMs: 2000 });
    await inThread({ ...add, durationMs: 2000 });
    const h = await measured(health);
    const a = await measured(add);
    console.log(
      JSON.stringify({
        bench: 'add-to-cart',
        connections,
        durationS: durationMs / 1000,
        health: h,
        addToCart: a,
        ratio: Number((a.rps / h.rps).toFixed(2)),
        dbRoundTrips,
      }),
    );
  } finally {
    await worker.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
