// The database failing under checkout, through a proxy between the worker and the libSQL endpoint that
// the test breaks on demand: closed, hanging, failing in the middle of a burst, and failing just after
// Stripe opened a payment page. Every answer must be a 503 within the bound (never a 500, never a wait
// as long as the database's), nothing may stay half-written, and a retried checkout of the same cart
// once the database is back gives exactly one order.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterprises } from '../../db/schema/index.ts';
import { databaseFor, isDatabaseUnavailable } from '../../worker/db.ts';
import type { Env } from '../../worker/env.ts';
import { signIn, type Session } from '../support/admin.ts';
import { cardPaymentBody, cardShop, cartWith, orderBody, stockOf, variantWithStock } from '../support/checkout.ts';
import type { DemoShop } from '../support/demo-data.ts';
import { startFakeStripe, type FakeStripe } from '../support/fake-stripe.ts';
import { startFaultyProxy, type FaultyProxy } from '../support/faulty-proxy.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';

/** The worker's bound on one database call (DATABASE_TIMEOUT_MS), shorter than the default to keep the test quick. */
const TIMEOUT_MS = 2_000;
/** The longest a shopper may wait: one call's bound, plus the worker's own work on a busy two-core machine. */
const BOUND_MS = TIMEOUT_MS + 1_500;

let t: TestWorker;
let fake: FakeStripe;
let proxy: FaultyProxy;
let shop: DemoShop;
let manager: Session;
const used: number[] = [];
const figures: Array<{ phase: string; answers: Record<number, number>; maxMs: number }> = [];
/** 503s answered after each outage while the connections it broke drained (see recover). */
const recovery: number[] = [];

beforeAll(async () => {
  fake = await startFakeStripe();
  proxy = await startFaultyProxy();
  t = await startTestWorker({ bindings: { ...fake.bindings, DATABASE_URL: proxy.url, DATABASE_TIMEOUT_MS: String(TIMEOUT_MS) } });
  proxy.target(t.worker.database.url);
  fake.webhookUrl = `${t.url}/api/webhooks/stripe`;
  shop = await cardShop(t.conn.db);
  // Bursts of one-item carts: the shop's minimum is checkout's business, tested elsewhere.
  await t.conn.db.update(enterprises).set({ minOrderCents: 0 }).where(eq(enterprises.id, shop.hub.id));
  manager = await signIn(t, 'elise.bernard@example.org');
});
afterAll(async () => {
  for (const f of figures)
    console.log(
      `faults: ${f.phase}: answers ${JSON.stringify(f.answers)}, max latency ${Math.round(f.maxMs)} ms (bound ${BOUND_MS} ms, database timeout ${TIMEOUT_MS} ms)`,
    );
  console.log(`faults: health checks answered 503 after each outage, while broken pooled connections drained: ${JSON.stringify(recovery)}`);
  await t?.close();
  await proxy?.close();
  await fake?.close();
});

interface Timed {
  path: string;
  status: number;
  headers: Headers;
  body: any;
  ms: number;
}

async function timed(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Timed> {
  const started = performance.now();
  const res = await t.call(method, path, body, headers);
  return { path, ...res, ms: performance.now() - started };
}

function record(phase: string, answers: Timed[]) {
  const byStatus: Record<number, number> = {};
  for (const a of answers) byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
  const maxMs = Math.max(...answers.map((a) => a.ms));
  figures.push({ phase, answers: byStatus, maxMs });
  return maxMs;
}

/** `n` one-item carts of a fresh variant with `stock`, filled while the database is up, and their checkouts (every other one by card). */
async function burstOfCarts(n: number, stock: number) {
  const item = await variantWithStock(t.conn.db, shop, stock, used);
  used.push(item.variantId);
  const cartIds: string[] = [];
  for (let i = 0; i < n; i += 8)
    cartIds.push(...(await Promise.all(Array.from({ length: Math.min(8, n - i) }, () => cartWith(t, shop, [[item.variantId, 1]])))));
  const bodies = cartIds.map((id, i) => (i % 2 === 0 ? cardPaymentBody(shop, id) : orderBody(shop, id)));
  return { item, stock, cartIds, bodies, since: Date.now() - 1 };
}

/**
 * The database is back. workerd keeps the connections the outage reset in its pool and finds them
 * dead only by using them, one failed call (a fast 503) each; rounds of concurrent health checks, as a
 * monitor would send, use them all up. Returns how many 503s that took.
 */
async function recover(): Promise<number> {
  proxy.set('pass');
  let failed = 0;
  for (let round = 0; round < 10; round++) {
    const answers = await Promise.all(Array.from({ length: 32 }, () => t.call('GET', '/api/health')));
    const bad = answers.filter((a) => a.status !== 200);
    for (const a of bad) expect(a.status).toBe(503);
    failed += bad.length;
    if (bad.length === 0) return failed;
  }
  throw new Error('the worker did not recover');
}

const inList = (ids: readonly string[]) =>
  sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );

/** Everything that would be half-written: each list must be empty. */
async function halfWritten(b: Awaited<ReturnType<typeof burstOfCarts>>) {
  const db = t.conn.db;
  const ours = sql`o.cart_id IN (SELECT id FROM carts WHERE public_id IN (${inList(b.cartIds)}))`;
  const taken =
    (
      await db.all<{ n: number | null }>(
        sql`SELECT sum(l.quantity) AS n FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE l.variant_id = ${b.item.variantId} AND o.state <> 'cancelled' AND o.created_at >= ${b.since}`,
      )
    )[0]?.n ?? 0;
  return {
    ordersWithoutLines: await db.all(
      sql`SELECT o.public_id FROM orders o WHERE ${ours} AND NOT EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id)`,
    ),
    ordersWithoutPayment: await db.all(
      sql`SELECT o.public_id FROM orders o WHERE ${ours} AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.order_id = o.id)`,
    ),
    paymentsWithoutOrder: await db.all(sql`SELECT p.id FROM payments p WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.id = p.order_id)`),
    placedWithoutInvoice: await db.all(
      sql`SELECT o.public_id FROM orders o WHERE ${ours} AND o.state = 'placed' AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.order_id = o.id)`,
    ),
    lockedCartsWithoutOrder: await db.all(
      sql`SELECT c.public_id FROM carts c WHERE c.public_id IN (${inList(b.cartIds)}) AND c.ordered_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.cart_id = c.id AND o.state <> 'cancelled')`,
    ),
    ordersOnOpenCarts: await db.all(
      sql`SELECT o.public_id FROM orders o JOIN carts c ON c.id = o.cart_id WHERE ${ours} AND o.state <> 'cancelled' AND c.ordered_at IS NULL`,
    ),
    // Stock taken with no order or reservation to show for it (or the other way round).
    stockUnaccounted: b.stock - (await stockOf(db, b.item.variantId)) - Number(taken),
  };
}

const nothingHalfWritten = {
  ordersWithoutLines: [],
  ordersWithoutPayment: [],
  paymentsWithoutOrder: [],
  placedWithoutInvoice: [],
  lockedCartsWithoutOrder: [],
  ordersOnOpenCarts: [],
  stockUnaccounted: 0,
};

/** The cart's orders that stand (not cancelled). */
async function standingOrders(cartIds: readonly string[]) {
  return t.conn.db.all<{ cart: string; order: string; state: string; paymentState: string }>(
    sql`SELECT c.public_id AS cart, o.public_id AS "order", o.state, o.payment_state AS paymentState FROM orders o JOIN carts c ON c.id = o.cart_id WHERE c.public_id IN (${inList(cartIds)}) AND o.state <> 'cancelled'`,
  );
}

function expectUnavailable(a: Timed) {
  expect(a.status, `${a.path}: ${JSON.stringify(a.body)}`).toBe(503);
  expect(Number(a.headers.get('retry-after')), a.path).toBeGreaterThan(0);
  if (a.path.startsWith('/api/')) {
    expect(a.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(a.body).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE', requestId: expect.any(String) });
    expect(JSON.stringify(a.body)).not.toMatch(/127\.0\.0\.1|fetch|stack|SQLITE/i);
  } else {
    expect(a.headers.get('content-type')).toMatch(/^text\/html/);
    expect(a.body).toMatch(/indisponible|unavailable/i);
  }
}

/** Checkouts of every cart, the health check, reading a cart, an order page and a back-office page, all at once, with the database in `mode`. */
async function burstDuring(mode: 'close' | 'hang', b: Awaited<ReturnType<typeof burstOfCarts>>, orderUrl: string) {
  proxy.set(mode);
  try {
    return await Promise.all([
      ...b.bodies.map((body) => timed('POST', '/api/orders', body)),
      timed('GET', '/api/health'),
      timed('GET', `/api/carts/${b.cartIds[0]}`),
      timed('GET', orderUrl),
      timed('GET', '/gestion/', undefined, { cookie: manager.cookie }),
    ]);
  } finally {
    recovery.push(await recover());
  }
}

/** An offline order placed while the database is up, for its page. */
async function anOrder(): Promise<string> {
  const b = await burstOfCarts(1, 5);
  const res = await t.call('POST', '/api/orders', orderBody(shop, b.cartIds[0]!));
  expect(res.status).toBe(201);
  return res.body.url;
}

for (const mode of ['close', 'hang'] as const) {
  describe(mode === 'close' ? 'the database endpoint closed' : 'the database endpoint hanging', () => {
    it('answers every checkout, the health check and the pages with 503 and Retry-After within the bound, writes nothing, and the retry orders each cart once', async () => {
      const orderUrl = await anOrder();
      const b = await burstOfCarts(16, 40);
      const answers = await burstDuring(mode, b, orderUrl);
      const maxMs = record(`endpoint ${mode === 'close' ? 'closed' : 'hanging'}, ${b.bodies.length} checkouts + 4 reads`, answers);
      for (const a of answers) expectUnavailable(a);
      expect(answers.find((a) => a.path === '/api/health')!.body).toMatchObject({
        code: 'DATABASE_UNAVAILABLE',
        database: { status: 'unreachable' },
      });
      expect(maxMs).toBeLessThan(BOUND_MS);

      expect(await halfWritten(b)).toEqual(nothingHalfWritten);
      expect(await standingOrders(b.cartIds)).toEqual([]);
      expect(await stockOf(t.conn.db, b.item.variantId)).toBe(40);

      // The database is back: the same checkouts, retried, each give one order.
      const health = await t.call('GET', '/api/health');
      expect(health.status).toBe(200);
      const retried = await Promise.all(b.bodies.map((body) => t.call('POST', '/api/orders', body)));
      for (const r of retried) expect(r.status, JSON.stringify(r.body)).toBe(201);
      const standing = await standingOrders(b.cartIds);
      expect(standing).toHaveLength(b.cartIds.length);
      expect(new Set(standing.map((s) => s.cart)).size).toBe(b.cartIds.length);
      expect(await stockOf(t.conn.db, b.item.variantId)).toBe(40 - b.cartIds.length);
      expect(await halfWritten(b)).toEqual(nothingHalfWritten);
    });
  });
}

describe('the database failing in the middle of a burst', () => {
  it('answers only 201 or 503, leaves nothing half-written, and retried checkouts end with exactly one paid or placed order per cart', async () => {
    const b = await burstOfCarts(24, 60);
    // The endpoint closes as Stripe opens the third payment page: some checkouts are done, some are
    // between reserving the stock and recording their session, some have not started writing.
    let created = 0;
    fake.onSessionCreated = () => {
      if (++created === 3) proxy.set('close');
    };
    let answers: Timed[];
    try {
      answers = await Promise.all(b.bodies.map((body) => timed('POST', '/api/orders', body)));
    } finally {
      fake.onSessionCreated = null;
      recovery.push(await recover());
    }
    const maxMs = record(`endpoint closing mid-burst, ${b.bodies.length} checkouts`, answers);
    for (const a of answers) {
      expect([201, 503], JSON.stringify(a.body)).toContain(a.status);
      if (a.status === 503) expect(a.body.code).toBe('DATABASE_UNAVAILABLE');
    }
    expect(answers.some((a) => a.status === 503)).toBe(true);
    expect(maxMs).toBeLessThan(BOUND_MS);
    expect(await halfWritten(b)).toEqual(nothingHalfWritten);

    // Every shopper retries: a new checkout, or the order already there (with its payment page).
    const retried = await Promise.all(b.bodies.map((body) => t.call('POST', '/api/orders', body)));
    for (const r of retried) {
      if (r.status === 201) continue;
      expect(r.status, JSON.stringify(r.body)).toBe(409);
      expect(['CART_ALREADY_ORDERED', 'PAYMENT_IN_PROGRESS']).toContain(r.body.code);
      if (r.body.code === 'PAYMENT_IN_PROGRESS') expect(r.body.paymentUrl).toMatch(/^http/);
    }
    // Each shopper paying by card pays the page they were given; each cart then has one order, placed.
    for (const s of await standingOrders(b.cartIds)) {
      if (s.state !== 'checkout') continue;
      const session = [...fake.sessions.values()].find((x) => x.metadata?.order_id === s.order && x.status === 'open')!;
      expect(session, `no open session for ${s.order}`).toBeTruthy();
      expect((await fake.deliver(fake.complete(session.id))).status).toBe(200);
    }
    const standing = await standingOrders(b.cartIds);
    expect(standing.map((s) => s.cart).sort()).toEqual([...b.cartIds].sort());
    expect(standing.every((s) => s.state === 'placed')).toBe(true);
    expect(await stockOf(t.conn.db, b.item.variantId)).toBe(60 - b.cartIds.length);
    expect(await halfWritten(b)).toEqual(nothingHalfWritten);
  });
});

describe('a card checkout whose payment page cannot be recorded', () => {
  it('answers 503, and the retry once the database is back starts clean: a new payment page, the stock reserved once', async () => {
    const b = await burstOfCarts(1, 5);
    const cardBody = b.bodies[0]!;
    fake.onSessionCreated = () => proxy.set('close');
    let first;
    try {
      first = await timed('POST', '/api/orders', cardBody);
    } finally {
      fake.onSessionCreated = null;
      recovery.push(await recover());
    }
    expect(first.status, JSON.stringify(first.body)).toBe(503);
    expect(first.body.code).toBe('DATABASE_UNAVAILABLE');

    const retry = await t.call('POST', '/api/orders', cardBody);
    expect(retry.status, JSON.stringify(retry.body)).toBe(201);
    expect(retry.body).toMatchObject({ state: 'checkout', redirectUrl: expect.stringMatching(/^http/) });
    const standing = await standingOrders(b.cartIds);
    expect(standing).toEqual([expect.objectContaining({ order: retry.body.id, state: 'checkout' })]);
    expect(await stockOf(t.conn.db, b.item.variantId)).toBe(4);
    expect(await halfWritten(b)).toEqual(nothingHalfWritten);

    // The page the shopper was given is paid; the webhook alone places the order, once.
    const session = [...fake.sessions.values()].find((s) => s.url === retry.body.redirectUrl)!;
    expect((await fake.deliver(fake.complete(session.id))).body).toMatchObject({ outcome: 'paid' });
    expect(await standingOrders(b.cartIds)).toEqual([
      expect.objectContaining({ order: retry.body.id, state: 'placed', paymentState: 'paid' }),
    ]);
    expect(await stockOf(t.conn.db, b.item.variantId)).toBe(4);
  });

  it('answers 503, and the retry finds the payment page when it was recorded but the answer was lost', async () => {
    const b = await burstOfCarts(1, 5);
    const cardBody = b.bodies[0]!;
    let session: { id: string; url: string | null } | undefined;
    fake.onSessionCreated = (s) => {
      session = s;
      proxy.set('drop-replies');
    };
    let first;
    try {
      first = await timed('POST', '/api/orders', cardBody);
    } finally {
      fake.onSessionCreated = null;
      recovery.push(await recover());
    }
    expect(first.status, JSON.stringify(first.body)).toBe(503);
    expect(first.body.code).toBe('DATABASE_UNAVAILABLE');

    const retry = await t.call('POST', '/api/orders', cardBody);
    expect(retry.status, JSON.stringify(retry.body)).toBe(409);
    expect(retry.body).toMatchObject({ code: 'PAYMENT_IN_PROGRESS', paymentUrl: session!.url });
    expect(fake.sessions.get(session!.id)!.status).toBe('open');
    expect((await fake.deliver(fake.complete(session!.id))).body).toMatchObject({ outcome: 'paid' });
    expect(await standingOrders(b.cartIds)).toEqual([
      expect.objectContaining({ order: retry.body.orderId, state: 'placed', paymentState: 'paid' }),
    ]);
    expect(await stockOf(t.conn.db, b.item.variantId)).toBe(4);
    expect(await halfWritten(b)).toEqual(nothingHalfWritten);
  });
});

describe('telling an outage from a mistake', () => {
  it('takes network errors, timeouts and 5xx for an unavailable database, and refused statements for what they are', async () => {
    const env = (url: string) => ({ DATABASE_URL: url, DATABASE_TIMEOUT_MS: '500' }) as unknown as Env;
    const failure = async (run: () => Promise<unknown>) => {
      const started = performance.now();
      try {
        await run();
      } catch (err) {
        return { unavailable: isDatabaseUnavailable(err), ms: performance.now() - started };
      }
      throw new Error('expected a failure');
    };
    const direct = databaseFor(env(t.worker.database.url));
    expect(await failure(() => direct.run(sql`SELECT nothing FROM nowhere`))).toMatchObject({ unavailable: false });
    const item = await variantWithStock(t.conn.db, shop, 1, used);
    expect(await failure(() => direct.run(sql`UPDATE variants SET on_hand = -1 WHERE id = ${item.variantId}`))).toMatchObject({
      unavailable: false,
    });
    expect(
      await failure(() =>
        direct.batch([
          direct.run(sql`SELECT 1`),
          direct.run(
            sql`INSERT INTO webhook_events (id, provider, type, received_at) VALUES ('evt_same', 'stripe', 't', 0), ('evt_same', 'stripe', 't', 0)`,
          ),
        ]),
      ),
    ).toMatchObject({ unavailable: false });

    const viaProxy = databaseFor(env(proxy.url));
    try {
      proxy.set('close');
      expect(await failure(() => viaProxy.run(sql`SELECT 1`))).toMatchObject({ unavailable: true });
      proxy.set('hang');
      const hung = await failure(() => viaProxy.run(sql`SELECT 1`));
      expect(hung.unavailable).toBe(true);
      expect(hung.ms).toBeLessThan(1_500);
    } finally {
      recovery.push(await recover());
    }

    const broken = createServer((_req, res) => (res.writeHead(502, { 'content-type': 'text/plain' }), res.end('bad gateway')));
    await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
    try {
      const viaBroken = databaseFor(env(`http://127.0.0.1:${(broken.address() as AddressInfo).port}`));
      expect(await failure(() => viaBroken.run(sql`SELECT 1`))).toMatchObject({ unavailable: true });
    } finally {
      broken.close();
    }
  });
});
