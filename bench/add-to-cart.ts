// `npm run bench:cart`: add-to-cart latency against the local worker in workerd over a seeded copy of
// the demo database: 1,000 sequential POST /api/carts/:id/lines, printed as one JSON line (ms).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shopItems } from '../db/catalog/shop.ts';
import { hubSummaries } from '../db/catalog/site.ts';
import { connect } from '../db/core/connect.ts';
import { migrateDatabase } from '../db/core/migrate.ts';
import { seedDemo } from '../db/seed/demo.ts';
import { build } from '../scripts/build.ts';
import { startLocalWorker, workerBundle } from '../scripts/local-worker.ts';

const N = Number(process.env.N ?? 1000);
const dir = mkdtempSync(join(tmpdir(), 'comptoir-bench-'));
const dbPath = join(dir, 'bench.db');
const conn = await connect(`file:${dbPath}`);
await migrateDatabase(conn.db);
await seedDemo(conn.db, { now: Date.now() });
const hub = (await hubSummaries(conn.db, Date.now())).find((h) => h.open)!;
const items = await shopItems(conn.db, { hubId: hub.id, cycleId: hub.open!.cycleId, outgoingId: hub.open!.outgoingId });
const variant = items.find((i) => i.onDemand && i.maxPerOrder === null)!;
conn.close();
if (!existsSync(workerBundle())) build({ ...process.env, DATABASE_URL: `file:${dbPath}` });

const worker = await startLocalWorker({ dbPath });
try {
  const cart = (await (
    await fetch(`${worker.url}/api/carts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hub: hub.slug }),
    })
  ).json()) as { id: string };
  const body = JSON.stringify({ variantId: variant.variantId, quantity: 1 });
  const add = async () => {
    const res = await fetch(`${worker.url}/api/carts/${cart.id}/lines`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    if (res.status !== 200) throw new Error(`add to cart answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
  };
  for (let i = 0; i < 50; i++) await add(); // warm-up: JIT, connection pools
  const samples: number[] = [];
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    await add();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const q = (p: number) => Number(samples[Math.min(samples.length - 1, Math.floor(p * samples.length))]!.toFixed(2));
  console.log(
    JSON.stringify({
      bench: 'add-to-cart',
      requests: N,
      p50Ms: q(0.5),
      p90Ms: q(0.9),
      p99Ms: q(0.99),
      maxMs: q(1),
      meanMs: Number((samples.reduce((s, x) => s + x, 0) / N).toFixed(2)),
    }),
  );
} finally {
  await worker.close();
  rmSync(dir, { recursive: true, force: true });
}
