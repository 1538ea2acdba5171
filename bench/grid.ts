// `node_modules/.bin/node bench/grid.ts`: the pickup grid's query (a page, the last page, a search, the 50 orders a save reads)
// on one hub's cycle of 2,000 orders and 16,000 lines (the demo data plus generated orders), medians of 7 runs in ms, wall and CPU.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { connect } from '../db/core/connect.ts';
import { migrateDatabase } from '../db/core/migrate.ts';
import { seedDemo } from '../db/seed/demo.ts';
import { orderGrid } from '../db/orders/order-grid.ts';

const dir = mkdtempSync(join(tmpdir(), 'grid-bench-'));
const conn = await connect(`file:${join(dir, 'g.db')}`);
const db = conn.db;
await migrateDatabase(db);
const now = Date.now();
await seedDemo(db, { now });
const [hub] = await db.all<{ id: number; cycleId: number; outgoingId: number }>(
  sql`SELECT e.id, co.cycle_id AS cycleId, co.id AS outgoingId FROM enterprises e JOIN cycle_outgoing co ON co.hub_id = e.id WHERE e.slug = 'la-ruche-du-plateau' ORDER BY co.cycle_id DESC LIMIT 1`,
);
const items = await db.all<{
  id: number;
  producerId: number;
  product: string;
  name: string;
  kind: string;
  value: number;
  price: number;
  vat: number;
}>(
  sql`SELECT v.id, p.producer_id AS producerId, p.name AS product, v.name, v.unit_kind AS kind, v.unit_value AS value, v.price_cents AS price, v.vat_rate_bp AS vat
  FROM cycle_outgoing_variants cov JOIN variants v ON v.id = cov.variant_id JOIN products p ON p.id = v.product_id WHERE cov.outgoing_id = ${hub!.outgoingId}`,
);
const fixture: ReturnType<typeof sql>[] = [];
for (let o = 1; o <= 2000; o++) {
  const publicId = `ord_${randomBytes(16).toString('hex').slice(0, 22)}`;
  const orderId = sql`(SELECT id FROM orders WHERE public_id = ${publicId})`;
  fixture.push(sql`INSERT INTO orders (public_id, hub_id, cycle_id, state, payment_state, email, name, phone, shipping_kind, shipping_name, payment_kind, payment_name, items_total_cents, order_fees_cents, shipping_cents, shipping_vat_rate_bp, vat_total_cents, total_cents, placed_at)
    VALUES (${publicId}, ${hub!.id}, ${hub!.cycleId}, 'placed', 'pending', ${`c${o}@example.org`}, ${`Client ${o}`}, '06', 'pickup', 'Retrait', 'offline', 'Au retrait', 1000, 0, 0, 2000, 0, 1000, ${now})`);
  for (let k = 0; k < 8; k++) {
    const l = items[(o * 8 + k) % items.length]!;
    fixture.push(sql`INSERT INTO order_lines (order_id, variant_id, producer_id, product_name, variant_name, unit_kind, unit_value, quantity, base_price_cents, item_fees_cents, unit_price_cents, line_total_cents, vat_rate_bp, vat_cents, stock_source)
      VALUES (${orderId}, ${l.id}, ${l.producerId}, ${l.product}, ${l.name}, ${l.kind}, ${l.value}, 1, ${l.price}, 0, ${l.price}, ${l.price}, ${l.vat}, 0, 'producer')`);
  }
}
for (let i = 0; i < fixture.length; i += 2000) {
  const chunk = fixture.slice(i, i + 2000).map((q) => db.run(q));
  await db.batch(chunk as [(typeof chunk)[number], ...(typeof chunk)[number][]]);
}
const ids = (await db.all<{ p: string }>(sql`SELECT public_id AS p FROM orders WHERE hub_id = ${hub!.id} ORDER BY id DESC LIMIT 50`)).map(
  (r) => r.p,
);
const cases: Record<string, () => Promise<unknown>> = {
  page0: () => orderGrid(db, hub!.id, hub!.cycleId, {}),
  page39: () => orderGrid(db, hub!.id, hub!.cycleId, { page: 39 }),
  search: () => orderGrid(db, hub!.id, hub!.cycleId, { q: 'Client 12' }),
  save50: () => orderGrid(db, hub!.id, hub!.cycleId, { ids }),
};
const out: Record<string, { wallMs: number; cpuMs: number; orders: number }> = {};
for (const [name, f] of Object.entries(cases)) {
  const wall: number[] = [];
  const cpu: number[] = [];
  let n = 0;
  for (let i = 0; i < 8; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = (await f()) as { orders: unknown[]; total: number };
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    n = r.orders.length;
  }
  const med = (a: number[]) => a.slice(1).sort((x, y) => x - y)[Math.floor((a.length - 1) / 2)]!;
  out[name] = { wallMs: Math.round(med(wall) * 10) / 10, cpuMs: Math.round(med(cpu) * 10) / 10, orders: n };
}
const [count] = await db.all<{ o: number; l: number }>(
  sql`SELECT (SELECT count(*) FROM orders WHERE cycle_id = ${hub!.cycleId} AND hub_id = ${hub!.id}) AS o, (SELECT count(*) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.cycle_id = ${hub!.cycleId} AND o.hub_id = ${hub!.id}) AS l`,
);
console.log(JSON.stringify({ ...count, ...out }));
conn.close();
rmSync(dir, { recursive: true, force: true });
