// `npm run bench:checkout`: placing an order against the local worker in workerd over a seeded copy of
// the demo database: latency p50/p99 of POST /api/orders (paid at collection, and by card against a
// local fake of Stripe's API), and the database round trips each placement makes, counted as
// pipeline requests at the libSQL HTTP endpoint through a counting proxy. One JSON line.
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkoutOptions, shopItems } from '../db/catalog/shop.ts';
import { hubSummaries } from '../db/catalog/site.ts';
import { connect } from '../db/core/connect.ts';
import { startLibsqlHttpServer } from '../scripts/libsql-http-server.ts';
import { migrateDatabase } from '../db/core/migrate.ts';
import { seedDemo } from '../db/seed/demo.ts';
import { build } from '../scripts/build.ts';
import { startLocalWorker } from '../scripts/local-worker.ts';
import { startFakeStripe } from '../tests/support/fake-stripe.ts';

const N = Number(process.env.N ?? 300);
const dir = mkdtempSync(join(tmpdir(), 'comptoir-bench-'));
const dbPath = join(dir, 'bench.db');
const conn = await connect(`file:${dbPath}`);
await migrateDatabase(conn.db);
await seedDemo(conn.db, { now: Date.now() });
// The shop that takes both kinds of payment, and a product it sells on demand (never sold out).
const hubs = (await hubSummaries(conn.db, Date.now())).filter((h) => h.open);
let shop: { slug: string; variantId: number; pickup: number; offline: number; card: number } | undefined;
for (const h of hubs) {
  const options = await checkoutOptions(conn.db, h.id);
  const card = options.payment.find((p) => p.kind === 'card');
  const item = (await shopItems(conn.db, { hubId: h.id, cycleId: h.open!.cycleId, outgoingId: h.open!.outgoingId })).find(
    (i) => i.onDemand && i.maxPerOrder === null,
  );
  if (card && item && !options.termsText && !options.minOrderCents) {
    shop = {
      slug: h.slug,
      variantId: item.variantId,
      pickup: options.shipping.find((m) => m.kind === 'pickup')!.id,
      offline: options.payment.find((p) => p.kind === 'offline')!.id,
      card: card.id,
    };
  }
}
if (!shop) throw new Error('the demo has no shop taking both payments with an on-demand product');
conn.close();
// Always a fresh build of the code being measured, in the bench's own folder.
const dist = join(dir, 'dist');
build({ ...process.env, DATABASE_URL: `file:${dbPath}` }, dist);

// The worker talks to the database through this proxy, which counts Hrana pipeline requests.
const database = await startLibsqlHttpServer({ dbPath });
let pipelines = 0;
const target = new URL(database.url);
const proxy = createServer((req, res) => {
  if (req.url === '/v2/pipeline') pipelines++;
  const up = httpRequest({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
    res.writeHead(r.statusCode ?? 502, r.headers);
    r.pipe(res);
  });
  req.pipe(up);
});
await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
const fake = await startFakeStripe();
const worker = await startLocalWorker({
  dbPath,
  dist,
  bindings: { ...fake.bindings, DATABASE_URL: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` },
});

const post = async (path: string, body: unknown) => {
  const res = await fetch(worker.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { id: string };
  if (res.status >= 300) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(json)}`);
  return json;
};

async function run(paymentMethodId: number, n: number) {
  const samples: number[] = [];
  const trips: number[] = [];
  for (let i = 0; i < n; i++) {
    const cart = await post('/api/carts', { hub: shop!.slug });
    await post(`/api/carts/${cart.id}/lines`, { variantId: shop!.variantId, quantity: 2 });
    const before = pipelines;
    const t0 = performance.now();
    await post('/api/orders', {
      cartId: cart.id,
      contact: { name: 'Camille Martin', email: `bench${i}@example.org`, phone: '06 12 34 56 78' },
      shippingMethodId: shop!.pickup,
      paymentMethodId,
    });
    samples.push(performance.now() - t0);
    trips.push(pipelines - before);
  }
  samples.sort((a, b) => a - b);
  const q = (p: number) => Number(samples[Math.min(samples.length - 1, Math.floor(p * samples.length))]!.toFixed(2));
  return {
    orders: n,
    p50Ms: q(0.5),
    p90Ms: q(0.9),
    p99Ms: q(0.99),
    maxMs: q(1),
    dbRoundTrips: { min: Math.min(...trips), max: Math.max(...trips) },
  };
}

try {
  await run(shop.offline, 30); // warm-up: JIT, connections
  const offline = await run(shop.offline, N);
  const card = await run(shop.card, N);
  console.log(JSON.stringify({ bench: 'checkout', offline, card: { ...card, note: 'includes one call to a local fake of Stripe’s API' } }));
} finally {
  await worker.close();
  await fake.close();
  proxy.close();
  await database.close();
  rmSync(dir, { recursive: true, force: true });
}
