// `npm run bench:backoffice`: back-office timings on the large fixture (500 producers, 100 hubs,
// 20,000 variants; the first hub sells 10,000), through the built worker in workerd over HTTP:
// create, edit and clone a 5,000-variant cycle, render its edit page, each report (JSON and CSV) on
// a cycle of 2,000 orders and 16,000 lines (each line with a hub fee, each order a per-order fee and
// delivery), the same over a period and across every hub of the cycle, the cycle list, the orders page, a 500-row bulk price edit and a catalog CSV export.
// Prints one JSON line of medians in ms and CPU ms per run. Sizes: PRODUCERS, HUBS, VARIANTS, ORDERS, RUNS;
// ONLY=report runs only the measures whose name holds « report ».
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { openAtSql } from '../db/catalog/cycle-sql.ts';
import { connect } from '../db/core/connect.ts';
import { migrateDatabase } from '../db/core/migrate.ts';
import { REPORT_KINDS } from '../db/orders/reports.ts';
import { loadReport } from '../worker/admin/reports/use-cases.ts';
import { reportSlug } from '../worker/admin/shared/paths.ts';
import { seedDemo } from '../db/seed/demo.ts';
import { generateLoad, mulberry32 } from '../db/seed/generate-load.ts';
import { build } from '../scripts/build.ts';
import { startLocalWorker, workerBundle } from '../scripts/local-worker.ts';

const env = (k: string, d: number) => Number(process.env[k] ?? d);
const PRODUCERS = env('PRODUCERS', 500);
const HUBS = env('HUBS', 100);
const VARIANTS = env('VARIANTS', 20_000);
const ORDERS = env('ORDERS', 2_000);
const RUNS = env('RUNS', 5);
const CYCLE_SIZE = 5_000;

const dir = mkdtempSync(join(tmpdir(), 'comptoir-bench-bo-'));
const dbPath = join(dir, 'load.db');
const now = Date.now();
const setupStarted = performance.now();

// A build of this tree in a folder of its own (a dist/ left by an older `npm start` would mislead).
// The worker bundle does not depend on the data; the site is built from the small demo to save time.
const dist = join(dir, 'dist');
{
  const demo = await connect(`file:${join(dir, 'demo.db')}`);
  await migrateDatabase(demo.db);
  await seedDemo(demo.db, { now });
  demo.close();
  build({ ...process.env, DATABASE_URL: `file:${join(dir, 'demo.db')}` }, dist);
  if (!existsSync(workerBundle(dist))) throw new Error('the worker was not built');
}

const conn = await connect(`file:${dbPath}`);
await migrateDatabase(conn.db);
await generateLoad(conn.db, { producers: PRODUCERS, hubs: HUBS, variants: VARIANTS, now });
const db = conn.db;
const [hub] = await db.all<{
  id: number;
  slug: string;
  cycleId: number;
  outgoingId: number;
}>(sql`SELECT e.id, e.slug, co.cycle_id AS cycleId, co.id AS outgoingId
  FROM enterprises e JOIN cycle_outgoing co ON co.hub_id = e.id JOIN order_cycles oc ON oc.id = co.cycle_id
  WHERE e.is_hub = 1 AND ${openAtSql('oc', now)} ORDER BY e.id LIMIT 1`);
if (!hub) throw new Error('the load has no open hub');
const selection = (
  await db.all<{ id: number }>(
    sql`SELECT variant_id AS id FROM cycle_outgoing_variants WHERE outgoing_id = ${hub.outgoingId} ORDER BY variant_id`,
  )
).map((r) => r.id);

// Orders for the reports: ORDERS shoppers with 8 lines each, written straight into the tables.
const rnd = mulberry32(7);
const items = await db.all<{
  id: number;
  producerId: number;
  product: string;
  name: string;
  kind: string;
  value: number;
  price: number;
  vat: number;
}>(sql`SELECT v.id, p.producer_id AS producerId, p.name AS product, v.name, v.unit_kind AS kind, v.unit_value AS value, v.price_cents AS price, v.vat_rate_bp AS vat
  FROM cycle_outgoing_variants cov JOIN variants v ON v.id = cov.variant_id JOIN products p ON p.id = v.product_id WHERE cov.outgoing_id = ${hub.outgoingId}`);
const fixture: ReturnType<typeof sql>[] = [];
for (let o = 1; o <= ORDERS; o++) {
  const publicId = `ord_${randomBytes(16).toString('hex').slice(0, 22)}`;
  const lines = Array.from({ length: 8 }, () => items[Math.floor(rnd() * items.length)]!);
  // A 5 % hub fee on each item and a 1 € per-order fee, as a hub with a commission charges them.
  const fee = (price: number) => Math.round(price * 0.05);
  const total = lines.reduce((s, l) => s + l.price + fee(l.price), 0);
  const orderId = sql`(SELECT id FROM orders WHERE public_id = ${publicId})`;
  fixture.push(sql`INSERT INTO orders (public_id, hub_id, cycle_id, state, payment_state, email, name, phone, shipping_kind, shipping_name, payment_kind, payment_name, items_total_cents, order_fees_cents, shipping_cents, shipping_vat_rate_bp, vat_total_cents, total_cents, placed_at)
    VALUES (${publicId}, ${hub.id}, ${hub.cycleId}, 'placed', ${o % 3 ? 'paid' : 'pending'}, ${`client${o % 1500}@example.org`}, ${`Client ${o % 1500}`}, '06 00 00 00 00', 'pickup', 'Retrait', 'offline', 'Au retrait', ${total}, 100, 0, 2000, 0, ${total + 100}, ${now})`);
  fixture.push(
    sql`INSERT INTO order_fees (order_id, order_line_id, enterprise_id, role, name, amount_cents, vat_rate_bp) VALUES (${orderId}, NULL, ${hub.id}, 'hub', 'Adhésion', 100, 0)`,
  );
  for (const l of lines) {
    fixture.push(sql`INSERT INTO order_lines (order_id, variant_id, producer_id, product_name, variant_name, unit_kind, unit_value, quantity, base_price_cents, item_fees_cents, unit_price_cents, line_total_cents, vat_rate_bp, vat_cents, stock_source)
      VALUES (${orderId}, ${l.id}, ${l.producerId}, ${l.product}, ${l.name}, ${l.kind}, ${l.value}, 1, ${l.price}, ${fee(l.price)}, ${l.price + fee(l.price)}, ${l.price + fee(l.price)}, ${l.vat}, 0, 'producer')`);
    fixture.push(sql`INSERT INTO order_fees (order_id, order_line_id, enterprise_id, role, name, amount_cents, vat_rate_bp)
      VALUES (${orderId}, last_insert_rowid(), ${hub.id}, 'hub', 'Commission', ${fee(l.price)}, ${l.vat})`);
  }
}
for (let i = 0; i < fixture.length; i += 2000) {
  const chunk = fixture.slice(i, i + 2000).map((q) => db.run(q));
  await db.batch(chunk as [(typeof chunk)[number], ...(typeof chunk)[number][]]);
}

// The documents behind those orders, as placement, corrections and cancellations leave them: an
// invoice per order with its rows, a credit note for one line of every tenth order, every 25th order
// cancelled with a credit note for all of it, and the money owed back on the paid ones.
const year = new Date(now).getUTCFullYear();
const ours = sql`o.hub_id = ${hub.id} AND o.cycle_id = ${hub.cycleId}`;
await db.batch([
  db.run(sql`INSERT INTO invoices (enterprise_id, order_id, year, number, total_ht_cents, total_vat_cents, total_ttc_cents, issued_at)
    SELECT o.hub_id, o.id, ${year}, o.id, o.total_cents - o.vat_total_cents, o.vat_total_cents, o.total_cents, o.placed_at FROM orders o WHERE ${ours}`),
  db.run(sql`INSERT INTO invoice_lines (invoice_id, label, detail, quantity, unit_ttc_cents, total_ttc_cents, vat_rate_bp)
    SELECT i.id, ol.product_name || ' — ' || ol.variant_name, NULL, ol.quantity, ol.unit_price_cents, ol.line_total_cents, ol.vat_rate_bp
    FROM invoices i JOIN order_lines ol ON ol.order_id = i.order_id`),
  db.run(sql`INSERT INTO invoice_lines (invoice_id, label, detail, quantity, unit_ttc_cents, total_ttc_cents, vat_rate_bp)
    SELECT i.id, f.name, NULL, 1, f.amount_cents, f.amount_cents, f.vat_rate_bp FROM invoices i JOIN order_fees f ON f.order_id = i.order_id AND f.order_line_id IS NULL`),
  db.run(sql`UPDATE orders SET state = 'cancelled', payment_state = CASE WHEN payment_state = 'paid' THEN 'refunded' ELSE payment_state END
    WHERE id IN (SELECT o.id FROM orders o WHERE ${ours} AND o.id % 25 = 0)`),
  db.run(sql`INSERT INTO credit_notes (enterprise_id, order_id, invoice_id, year, number, cause, reason, total_ht_cents, total_vat_cents, total_ttc_cents, issued_at)
    SELECT i.enterprise_id, i.order_id, i.id, ${year}, 100000 + i.id, CASE WHEN o.state = 'cancelled' THEN 'cancelled' ELSE 'corrected' END, NULL,
      i.total_ht_cents, i.total_vat_cents, i.total_ttc_cents, o.placed_at
    FROM invoices i JOIN orders o ON o.id = i.order_id WHERE o.id % 25 = 0 OR o.id % 10 = 0`),
  db.run(sql`INSERT INTO credit_note_lines (credit_note_id, label, detail, quantity, unit_ttc_cents, total_ttc_cents, vat_rate_bp)
    SELECT n.id, l.label, l.detail, l.quantity, l.unit_ttc_cents, l.total_ttc_cents, l.vat_rate_bp
    FROM credit_notes n JOIN invoice_lines l ON l.invoice_id = n.invoice_id
    WHERE n.cause = 'cancelled' OR l.id = (SELECT min(x.id) FROM invoice_lines x WHERE x.invoice_id = n.invoice_id)`),
  db.run(sql`INSERT INTO money_back (order_id, kind, state, amount_cents, created_at)
    SELECT o.id, o.payment_kind, 'owed', o.total_cents, ${now} FROM orders o WHERE ${ours} AND o.state = 'cancelled' AND o.payment_state = 'refunded'`),
]);

// API tokens for the hub's and the biggest producer's managers (the bench measures use cases, not sign-in).
const [producer] = await db.all<{ id: number; slug: string; n: number }>(
  sql`SELECT e.id, e.slug, count(v.id) AS n FROM enterprises e JOIN products p ON p.producer_id = e.id JOIN variants v ON v.product_id = p.id GROUP BY e.id ORDER BY n DESC LIMIT 1`,
);
const token = async (enterpriseId: number) => {
  const secret = `cpt_${randomBytes(32).toString('base64url')}`;
  await db.run(
    sql`INSERT INTO api_tokens (enterprise_id, name, token_hash) VALUES (${enterpriseId}, 'bench', ${createHash('sha256').update(secret).digest('hex')})`,
  );
  return secret;
};
const hubToken = await token(hub.id);
// A second hub allowed to sell everything the first one may: the coordinator adds it to a 5,000-variant cycle.
const [otherHub] = await db.all<{ id: number; slug: string }>(
  sql`SELECT id, slug FROM enterprises WHERE is_hub = 1 AND id <> ${hub.id} ORDER BY id LIMIT 1`,
);
await db.run(
  sql`INSERT INTO enterprise_relationships (producer_id, hub_id, can_add_to_cycles) SELECT producer_id, ${otherHub!.id}, 1 FROM enterprise_relationships WHERE hub_id = ${hub.id} ON CONFLICT DO NOTHING`,
);
const producerToken = await token(producer!.id);
// The same report queries straight on the file, to tell the database's share from transport and
// rendering: wall-clock median and CPU per run of this process (the queries run on its thread).
const sqlMs: Record<string, number> = {};
const sqlCpuMs: Record<string, number> = {};
for (const kind of REPORT_KINDS) {
  const samples: number[] = [];
  await loadReport(db, kind, { kind: 'cycle', cycleId: hub.cycleId, hubId: hub.id });
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await loadReport(db, kind, { kind: 'cycle', cycleId: hub.cycleId, hubId: hub.id });
    samples.push(performance.now() - t0);
  }
  const cpu = process.cpuUsage(cpu0);
  sqlMs[kind] = Math.round([...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]! * 10) / 10;
  sqlCpuMs[kind] = Math.round((cpu.user + cpu.system) / RUNS / 100) / 10;
  console.error(`sql ${kind}: ${sqlMs[kind]} ms (cpu ${sqlCpuMs[kind]} ms)`);
}
await conn.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
conn.close();
const setupSeconds = Math.round((performance.now() - setupStarted) / 100) / 10;

const worker = await startLocalWorker({ dbPath, dist });
const call = async (auth: string, method: string, path: string, body?: unknown) => {
  const res = await fetch(worker.url + path, {
    method,
    headers: { authorization: `Bearer ${auth}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 300)}`);
  return { status: res.status, text };
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/**
 * CPU ms used so far by this process (the libSQL endpoint, the edge and this client) and by its
 * children (workerd), so a figure means something on a loaded machine where wall time does not.
 */
function cpuNow(): number {
  const self = process.cpuUsage();
  let workerd = 0;
  try {
    const ticks = (stat: string) => {
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, at USER_HZ = 100
    };
    const children = readdirSync(`/proc/${process.pid}/task`).flatMap((t) =>
      readFileSync(`/proc/${process.pid}/task/${t}/children`, 'utf8').split(' ').filter(Boolean),
    );
    for (const c of children) workerd += ticks(readFileSync(`/proc/${c}/stat`, 'utf8'));
  } catch {
    // No /proc: the process's own share only.
  }
  return (self.user + self.system) / 1000 + workerd;
}

/** Failures by measure: one that fails (a 503 past the database timeout) is told, and the others still run. */
const failures: Record<string, string> = {};
/** CPU ms per run of each measure (workerd + endpoint + client), beside the wall-clock medians. */
const cpuMs: Record<string, number> = {};
async function time(runs: number, fn: (i: number) => Promise<unknown>, name = ''): Promise<number> {
  // ONLY=report: the measures whose name holds it, the others left out (NaN).
  if (name && process.env.ONLY && !name.includes(process.env.ONLY)) return Number.NaN;
  try {
    await fn(-1); // warm-up
    const samples: number[] = [];
    const cpu0 = cpuNow();
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await fn(i);
      samples.push(performance.now() - t0);
    }
    const ms = Math.round(median(samples) * 10) / 10;
    if (name) {
      cpuMs[name] = Math.round(((cpuNow() - cpu0) / runs) * 10) / 10;
      console.error(`${name}: ${ms} ms (cpu ${cpuMs[name]} ms)`);
    }
    return ms;
  } catch (err) {
    if (!name) throw err;
    failures[name] = String(err).slice(0, 200);
    console.error(`${name}: failed, ${failures[name]}`);
    return Number.NaN;
  }
}

try {
  const ids = selection.slice(0, CYCLE_SIZE);
  const settings = (variantIds: number[], i: number) => ({
    name: `Bench ${i}`,
    opensAt: now + 30 * 86_400_000,
    closesAt: now + 37 * 86_400_000,
    collectionPlace: 'Halle',
    variantIds,
    fees: [],
  });
  const created: number[] = [];
  const results: Record<string, number> = {};
  results.cycleCreate5000 = await time(
    RUNS,
    async (i) => created.push(JSON.parse((await call(hubToken, 'POST', `/api/manage/hubs/${hub.slug}/cycles`, settings(ids, i))).text).id),
    'cycleCreate5000',
  );
  const cycleId = created[0]!;
  const alternate = selection.slice(selection.length - CYCLE_SIZE);
  results.cycleEdit5000 = await time(
    RUNS,
    (i) => call(hubToken, 'PUT', `/api/manage/hubs/${hub.slug}/cycles/${cycleId}`, settings(i % 2 ? ids : alternate, i)),
    'cycleEdit5000',
  );
  const exchange = (variantIds: number[]) => ({ collectionPlace: 'Halle', instructions: '', variantIds });
  results.cycleOtherHub5000 = await time(
    RUNS,
    (i) =>
      call(hubToken, 'PUT', `/api/manage/hubs/${hub.slug}/cycles/${cycleId}/hubs/${otherHub!.slug}`, exchange(i % 2 ? ids : alternate)),
    'cycleOtherHub5000',
  );
  results.cycleClone5000 = await time(
    RUNS,
    (i) =>
      call(hubToken, 'POST', `/api/manage/hubs/${hub.slug}/cycles/${cycleId}/clone`, {
        name: `Copie ${i}`,
        opensAt: now + 40 * 86_400_000,
        closesAt: now + 47 * 86_400_000,
      }),
    'cycleClone5000',
  );
  results.cycleEditPage = await time(RUNS, () => call(hubToken, 'GET', `/gestion/${hub.slug}/cycles/${cycleId}`), 'cycleEditPage');
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(now);
  const period = `from=${today.slice(0, 8)}01&to=${today}`;
  const measure = async (name: string, fn: () => Promise<unknown>) => {
    results[name] = await time(RUNS, fn, name);
  };
  const api = `/api/manage/hubs/${hub.slug}`;
  for (const kind of REPORT_KINDS) {
    await measure(`report_${kind}`, () => call(hubToken, 'GET', `${api}/cycles/${hub.cycleId}/reports/${kind}`));
    await measure(`report_${kind}_csv`, () => call(hubToken, 'GET', `${api}/cycles/${hub.cycleId}/reports/${kind}.csv`));
    await measure(`report_${kind}_period`, () => call(hubToken, 'GET', `${api}/reports/${kind}?${period}`));
    // The printable page, as the manager opens it.
    await measure(`report_${kind}_page`, () =>
      call(hubToken, 'GET', `/gestion/${hub.slug}/cycles/${hub.cycleId}/rapports/${reportSlug('fr', kind)}`),
    );
  }
  for (const kind of ['fees', 'vat', 'payouts', 'customers', 'payments'] as const)
    await measure(`report_${kind}_allHubs`, () => call(hubToken, 'GET', `${api}/cycles/${hub.cycleId}/reports/${kind}?hubs=all`));
  await measure('report_payouts_period_page', () => call(hubToken, 'GET', `/gestion/${hub.slug}/rapports/a-reverser?${period}`));
  results.cycleList = await time(RUNS, () => call(hubToken, 'GET', `/gestion/${hub.slug}/cycles`), 'cycleList');
  results.ordersPage = await time(RUNS, () => call(hubToken, 'GET', `/gestion/${hub.slug}/cycles/${hub.cycleId}/commandes`), 'ordersPage');
  const variants = JSON.parse((await call(producerToken, 'GET', `/api/manage/producers/${producer!.slug}/products`)).text).products.flatMap(
    (p: { variants: { variantId: number; priceCents: number; onHand: number; onDemand: boolean }[] }) => p.variants,
  );
  const rows = variants.slice(0, 500);
  results.bulkEditRows = rows.length;
  results.bulkEdit = await time(
    RUNS,
    (i) =>
      call(producerToken, 'PATCH', `/api/manage/producers/${producer!.slug}/variants`, {
        variants: rows.map((v: { variantId: number; priceCents: number; onHand: number; onDemand: boolean }) => ({
          id: v.variantId,
          priceCents: v.priceCents + i + 2,
          onHand: v.onHand,
          onDemand: v.onDemand,
        })),
      }),
    'bulkEdit',
  );
  results.catalogCsv = await time(
    RUNS,
    () => call(producerToken, 'GET', `/api/manage/producers/${producer!.slug}/catalog.csv`),
    'catalogCsv',
  );
  console.log(
    JSON.stringify({
      bench: 'backoffice',
      producers: PRODUCERS,
      hubs: HUBS,
      variants: VARIANTS,
      orders: ORDERS,
      orderLines: ORDERS * 8,
      cycleVariants: ids.length,
      runs: RUNS,
      setupSeconds,
      medianMs: results,
      reportSqlInNodeMs: sqlMs,
      reportSqlInNodeCpuMs: sqlCpuMs,
      cpuMsPerRun: cpuMs,
      loadAverage: os.loadavg().map((x) => Math.round(x * 10) / 10),
      failures,
    }),
  );
} finally {
  await worker.close();
  rmSync(dir, { recursive: true, force: true });
}
