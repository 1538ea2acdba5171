// 100 shoppers check out at the same moment for a variant with stock 10, half by card (fake Stripe),
// half paying at collection: exactly 10 get it (reserved or placed), never more, and each of the 90
// others gets a clear « sold out » — against the built worker in workerd and a real libSQL database.
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoices, orderLines, orders } from '../../db/schema/index.ts';
import { cardPaymentBody, cardShop, cartWith, orderBody, startPayingWorker, stockOf, variantWithStock } from '../support/checkout.ts';
import type { DemoShop } from '../support/demo-data.ts';
import type { FakeStripe } from '../support/fake-stripe.ts';
import type { TestWorker } from '../support/local-worker.ts';

let t: TestWorker;
let fake: FakeStripe;
let shop: DemoShop;

let close: () => Promise<void>;

beforeAll(async () => {
  // The local endpoint runs the statements of all 100 checkouts one after another on one connection, so on
  // a busy two-core machine the last of them waits its turn longer than the worker's production bound on
  // a database call (5 s, then 503). This test is about the race, not that bound (tests/integration/faults.test.ts).
  ({ t, fake, close } = await startPayingWorker({ DATABASE_TIMEOUT_MS: '30000' }));
  shop = await cardShop(t.conn.db);
});
afterAll(() => close?.());

describe('100 concurrent checkouts for 10 items', () => {
  it('reserves or places exactly 10, never more, and tells each refused shopper why', async () => {
    const item = await variantWithStock(t.conn.db, shop, 10);
    const cartIds: string[] = [];
    // Carts are filled beforehand (10 at a time), so that only the checkouts race.
    for (let i = 0; i < 100; i += 10)
      cartIds.push(...(await Promise.all(Array.from({ length: 10 }, () => cartWith(t, shop, [[item.variantId, 1]])))));
    const bodies = cartIds.map((id, i) => (i % 2 === 0 ? cardPaymentBody(shop, id) : orderBody(shop, id)));

    const started = performance.now();
    const results = await Promise.all(bodies.map((b) => t.call('POST', '/api/orders', b)));
    const elapsed = performance.now() - started;

    const won = results.filter((r) => r.status === 201);
    const refused = results.filter((r) => r.status !== 201);
    expect(won).toHaveLength(10);
    expect(refused).toHaveLength(90);
    for (const r of refused) {
      expect(r.status).toBe(409);
      expect(r.body).toMatchObject({
        code: 'OUT_OF_STOCK',
        errors: [{ message: expect.stringMatching(/épuisé/) }],
        lines: [{ variantId: item.variantId, requested: 1, available: 0 }],
      });
    }
    expect(await stockOf(t.conn.db, item.variantId)).toBe(0);

    // What the database holds agrees: 10 standing orders for the variant, each card one with its own session.
    const standing = await t.conn.db
      .select({ id: orders.publicId, state: orders.state, kind: orders.paymentKind })
      .from(orders)
      .innerJoin(orderLines, eq(orderLines.orderId, orders.id))
      .where(eq(orderLines.variantId, item.variantId));
    expect(standing.filter((o) => o.state !== 'cancelled')).toHaveLength(10);
    const cards = won.filter((r) => r.body.state === 'checkout');
    const offline = won.filter((r) => r.body.state === 'placed');
    expect(cards.length + offline.length).toBe(10);
    for (const r of cards) expect(r.body.redirectUrl).toMatch(/\/c\/pay\/cs_test_/);
    const sessions = [...fake.sessions.values()].filter((s) => cards.some((c) => c.body.id === s.metadata?.order_id));
    expect(sessions).toHaveLength(cards.length);

    // Offline orders got consecutive invoice numbers in the race.
    const numbers = (
      await t.conn.db
        .select({ n: invoices.number })
        .from(invoices)
        .where(
          inArray(
            invoices.orderId,
            t.conn.db
              .select({ id: orders.id })
              .from(orders)
              .where(
                inArray(
                  orders.publicId,
                  offline.map((r) => r.body.id),
                ),
              ),
          ),
        )
    )
      .map((r) => r.n)
      .sort((a, b) => a - b);
    expect(numbers).toHaveLength(offline.length);
    if (numbers.length) expect(numbers.at(-1)! - numbers[0]!).toBe(numbers.length - 1);

    console.log(
      JSON.stringify({
        concurrency: 100,
        stock: 10,
        placedOffline: offline.length,
        reservedByCard: cards.length,
        refused: refused.length,
        wallMs: Math.round(elapsed),
      }),
    );

    // The card payments then complete or expire: every item is sold or back on sale, never twice.
    const [first, ...rest] = cards;
    if (first) {
      const sid = sessions.find((s) => s.metadata?.order_id === first.body.id)!.id;
      expect((await fake.deliver(fake.complete(sid))).body.outcome).toBe('paid');
    }
    for (const r of rest) {
      const sid = sessions.find((s) => s.metadata?.order_id === r.body.id)!.id;
      expect((await fake.deliver(fake.expire(sid))).body.outcome).toBe('ended');
    }
    expect(await stockOf(t.conn.db, item.variantId)).toBe(rest.length);
    const sold = await t.conn.db.all<{ q: number }>(
      sql`SELECT coalesce(sum(ol.quantity), 0) AS q FROM order_lines ol JOIN orders o ON o.id = ol.order_id WHERE ol.variant_id = ${item.variantId} AND o.state <> 'cancelled'`,
    );
    expect(sold[0]!.q + rest.length).toBe(10);
  });
});
