// Money given back on a card order paid twice (its Checkout, then a raised change's second session):
// the hub reduces the order on pickup day by more than the second payment, and the refund is spread
// over both payments, newest first, one Stripe refund each, never more than each has left; the
// shopper's order page says what was given back, the hub's lists each refund.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterprises, moneyBack, payments } from '../../db/schema/index.ts';
import { formatMoney } from '../../domain/money.ts';
import { as, signIn, type Session } from '../support/admin.ts';
import { cardPaymentBody, cartWith, orderRow, variantWithStock } from '../support/checkout.ts';
import type { DemoShop } from '../support/demo-data.ts';
import { startFakeStripe, type FakeStripe } from '../support/fake-stripe.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';
import { shopOf } from '../support/orders.ts';

const HUB = 'la-ruche-du-plateau';
let t: TestWorker;
let fake: FakeStripe;
let elise: Session;
let shop: DemoShop;
const used: number[] = [];

beforeAll(async () => {
  fake = await startFakeStripe();
  t = await startTestWorker({ bindings: fake.bindings });
  fake.webhookUrl = `${t.url}/api/webhooks/stripe`;
  elise = await signIn(t, 'elise.bernard@example.org');
  shop = await shopOf(t, HUB);
  await t.conn.db.update(enterprises).set({ minOrderCents: 0 }).where(eq(enterprises.id, shop.hub.id));
  // The shopper raises her own order: the hub allows it.
  const on = await as(
    t,
    elise,
    'POST',
    `/gestion/${HUB}/retrait-et-paiement/modifications-clients`,
    { shoppersChangeOrders: 'yes' },
    { form: true },
  );
  expect(on.status).toBe(303);
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

async function stocked(onHand: number) {
  const item = await variantWithStock(t.conn.db, shop, onHand, used);
  used.push(item.variantId);
  return item;
}
const linesOf = (publicId: string) =>
  t.conn.db.all<{ id: number; variant_id: number; quantity: number }>(
    sql`SELECT l.id, l.variant_id, l.quantity FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.public_id = ${publicId} ORDER BY l.id`,
  );
const refundRequests = () => fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/refunds');

/** A card order paid at checkout, then raised by its shopper and the difference paid by a second session. */
async function paidTwice(a: { variantId: number }, b: { variantId: number }) {
  const cartId = await cartWith(t, shop, [
    [a.variantId, 1],
    [b.variantId, 1],
  ]);
  const placed = await t.call('POST', '/api/orders', cardPaymentBody(shop, cartId));
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  const id = placed.body.id as string;
  const first = [...fake.sessions.values()].find((s) => s.metadata?.order_id === id)!;
  expect((await fake.deliver(fake.complete(first.id))).status).toBe(200);
  const raised = await t.call('PATCH', `/api/orders/${id}`, {
    lines: [
      { variantId: a.variantId, quantity: 3 },
      { variantId: b.variantId, quantity: 1 },
    ],
  });
  expect(raised.status, JSON.stringify(raised.body)).toBe(202);
  const second = [...fake.sessions.values()].find((s) => s.metadata?.change_id === raised.body.changeId)!;
  expect((await fake.deliver(fake.complete(second.id))).body).toMatchObject({ outcome: 'change-applied' });
  const row = await orderRow(t.conn.db, id);
  const paid = await t.conn.db
    .select()
    .from(payments)
    .where(and(eq(payments.orderId, row.id), eq(payments.state, 'paid')))
    .orderBy(payments.id);
  expect(paid).toHaveLength(2);
  return { id, row, paid, intents: [first.payment_intent as string, second.payment_intent as string] };
}

describe('a card order paid twice, reduced on pickup day by more than its second payment', () => {
  it('is refunded from the second payment whole, then the first for the rest: two refunds, the order page says how much', async () => {
    const a = await stocked(10);
    const b = await stocked(10);
    const { id, row, paid, intents } = await paidTwice(a, b);
    const secondCents = paid[1]!.amountCents;
    expect(paid.map((p) => p.stripePaymentIntentId)).toEqual(intents);

    // Pickup day: the producer of « a » did not come; the hub removes the line from the grid.
    const [lineA, lineB] = await linesOf(id);
    expect(lineA).toMatchObject({ variant_id: a.variantId, quantity: 3 });
    const body = new URLSearchParams({ _csrf: elise.csrf, order: id, [`v.${id}`]: String(row.updatedAt) });
    body.set(`q.${lineA!.id}`, '0');
    body.set(`q.${lineB!.id}`, String(lineB!.quantity));
    const before = refundRequests().length;
    const res = await fetch(`${t.url}/gestion/${HUB}/cycles/${shop.hub.open.cycleId}/grille`, {
      method: 'POST',
      headers: { cookie: elise.cookie, origin: t.url, 'content-type': 'application/x-www-form-urlencoded' },
      body,
      redirect: 'manual',
    });
    expect(res.status, (await res.clone().text()).slice(0, 400)).toBe(303);

    const after = await orderRow(t.conn.db, id);
    const owed = row.totalCents - after.totalCents;
    expect(owed).toBeGreaterThan(secondCents);
    expect(owed).toBeLessThanOrEqual(row.totalCents);

    // Newest payment first, whole; the rest from the first payment; one refund each.
    const made = refundRequests().slice(before);
    expect(made.map((r) => [r.params.payment_intent, Number(r.params.amount)])).toEqual([
      [intents[1], secondCents],
      [intents[0], owed - secondCents],
    ]);
    expect(new Set(made.map((r) => r.idempotencyKey)).size).toBe(2);
    const back = await t.conn.db.select().from(moneyBack).where(eq(moneyBack.orderId, row.id)).orderBy(moneyBack.amountCents);
    expect(back.map((m) => [m.kind, m.state, m.amountCents])).toEqual(
      [
        ['card', 'refunded', secondCents],
        ['card', 'refunded', owed - secondCents],
      ].sort((x, y) => Number(x[2]) - Number(y[2])),
    );
    expect(back.every((m) => m.stripeRefundId?.startsWith('re_'))).toBe(true);

    // The shopper's page says what was given back, in both languages; the hub's lists each refund.
    const fr = await (await fetch(`${t.url}/commandes/${id}`)).text();
    expect(fr).toContain(`${formatMoney(owed, 'fr')} vous ont été remboursés sur votre carte.`);
    const en = await (await fetch(`${t.url}/en/orders/${id}`)).text();
    expect(en).toContain(`${formatMoney(owed, 'en')} was refunded to your card.`);
    const hub = await as(t, elise, 'GET', `/gestion/${HUB}/commandes/${id}`);
    expect(hub.text.match(/remboursé sur la carte/g)).toHaveLength(2);
    expect(hub.text).toContain(formatMoney(secondCents, 'fr'));
    expect(hub.text).toContain(formatMoney(owed - secondCents, 'fr'));

    // Cancelling now gives back what is left of the first payment only, once.
    const cancelBefore = refundRequests().length;
    expect((await as(t, elise, 'POST', `/api/manage/hubs/${HUB}/orders/${id}/cancel`, { reason: '' })).status).toBe(200);
    const total = (await t.conn.db.select().from(moneyBack).where(eq(moneyBack.orderId, row.id))).reduce((n, m) => n + m.amountCents, 0);
    expect(total).toBe(paid[0]!.amountCents + secondCents);
    expect(refundRequests().length).toBeGreaterThan(cancelBefore);
  });
});
