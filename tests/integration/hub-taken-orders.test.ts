// Orders a hub takes for a customer (by phone, at the counter), from the cycle's « Nouvelle commande »
// page or the API: the shop's own cart, quote and placement, so the same prices, the same guarded stock
// (the last unit taken by a shopper at the same moment is refused), the order in the cycle's list and
// reports, audited, and the customer's usual confirmation e-mail in their language.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, enterprises, users } from '../../db/schema/index.ts';
import { as, signIn, type Session } from '../support/admin.ts';
import { cartWith, messagesFor, offline, orderBody, orderRow, pickup, stockOf, variantWithStock } from '../support/checkout.ts';
import type { DemoShop } from '../support/demo-data.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';
import { shopOf } from '../support/orders.ts';

const HUB = 'la-ruche-du-plateau';
let t: TestWorker;
let elise: Session;
let shop: DemoShop;
let cycle: number;
const used: number[] = [];
const page = () => `/gestion/${HUB}/cycles/${cycle}/commandes/nouvelle`;

async function freshVariant(onHand: number) {
  const item = await variantWithStock(t.conn.db, shop, onHand, used);
  used.push(item.variantId);
  return item;
}

beforeAll(async () => {
  t = await startTestWorker();
  elise = await signIn(t, 'elise.bernard@example.org');
  shop = await shopOf(t, HUB);
  cycle = shop.hub.open.cycleId;
  // The shop's minimum is the checkout's own rule, tested there; these orders are small.
  await t.conn.db.update(enterprises).set({ minOrderCents: 0 }).where(eq(enterprises.id, shop.hub.id));
});
afterAll(() => t?.close());

describe('an order taken by the hub', () => {
  it('is placed from the cycle’s page for a phone customer: stock taken, listed, in the reports, audited, e-mailed', async () => {
    const form = await as(t, elise, 'GET', page());
    expect(form.status).toBe(200);
    expect(form.text).toContain('Nouvelle commande');
    const item = await freshVariant(10);
    expect(form.text).toContain(`name="qty.${item.variantId}"`);
    // The card is not offered: an order taken by the shop is paid offline.
    const card = shop.options.payment.find((m) => m.kind === 'card');
    const paymentSelect = /<select id="paymentMethodId"[\s\S]*?<\/select>/.exec(form.text)![0];
    expect(paymentSelect).toContain(`<option value="${offline(shop).id}"`);
    if (card) expect(paymentSelect).not.toContain(`<option value="${card.id}"`);

    const res = await as(
      t,
      elise,
      'POST',
      page(),
      {
        customer: '',
        name: 'Gérard Lamy',
        email: 'gerard.lamy@example.org',
        phone: '05 55 12 34 56',
        locale: 'fr',
        [`qty.${item.variantId}`]: '3',
        shippingMethodId: String(pickup(shop).id),
        paymentMethodId: String(offline(shop).id),
      },
      { form: true },
    );
    expect(res.status, res.text).toBe(303);
    const id = /commandes\/(ord_[0-9A-Za-z]{22})/.exec(res.headers.get('location') ?? '')![1]!;
    expect(await stockOf(t.conn.db, item.variantId)).toBe(7);
    const row = await orderRow(t.conn.db, id);
    expect(row).toMatchObject({
      state: 'placed',
      paymentState: 'pending',
      paymentKind: 'offline',
      name: 'Gérard Lamy',
      phone: '05 55 12 34 56',
    });
    // Priced as the shop prices it.
    expect(row.itemsTotalCents).toBe(3 * item.price.priceCents);

    const list = await as(t, elise, 'GET', `/gestion/${HUB}/cycles/${cycle}/commandes`);
    expect(list.text).toContain('Gérard Lamy');
    const report = await as(t, elise, 'GET', `/api/manage/hubs/${HUB}/cycles/${cycle}/reports/shoppers`);
    expect(report.status).toBe(200);
    expect(JSON.stringify(report.body.rows)).toContain('Gérard Lamy');

    const [entry] = await t.conn.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subject, `order:${id}`), eq(auditLog.action, 'order.taken-by-hub')));
    const [eliseRow] = await t.conn.db.select({ id: users.id }).from(users).where(eq(users.email, 'elise.bernard@example.org'));
    expect(entry).toMatchObject({ userId: eliseRow!.id, enterpriseId: shop.hub.id });
    expect((await messagesFor(t.conn.db, id)).map((m) => [m.topic, m.recipient, m.locale])).toContainEqual([
      'order.placed.shopper',
      'gerard.lamy@example.org',
      'fr',
    ]);
  });

  it('uses a listed customer’s details when the fields are left empty, and writes to them in their language', async () => {
    const [known] = await t.conn.db.all<{ id: number; email: string; name: string }>(
      sql`SELECT id, email, name FROM customers WHERE hub_id = ${shop.hub.id} ORDER BY id LIMIT 1`,
    );
    const item = await freshVariant(10);
    const res = await as(
      t,
      elise,
      'POST',
      page(),
      {
        customer: String(known!.id),
        name: '',
        email: '',
        phone: '',
        locale: 'en',
        [`qty.${item.variantId}`]: '1',
        shippingMethodId: String(pickup(shop).id),
        paymentMethodId: String(offline(shop).id),
      },
      { form: true },
    );
    expect(res.status, res.text).toBe(303);
    const id = /(ord_[0-9A-Za-z]{22})/.exec(res.headers.get('location') ?? '')![1]!;
    expect(await orderRow(t.conn.db, id)).toMatchObject({ email: known!.email, name: known!.name, locale: 'en' });
    expect((await messagesFor(t.conn.db, id)).find((m) => m.topic === 'order.placed.shopper')).toMatchObject({
      recipient: known!.email,
      locale: 'en',
    });
  });

  it('shows the form again, as typed, with the stock message when more is asked than is left', async () => {
    const item = await freshVariant(2);
    const res = await as(
      t,
      elise,
      'POST',
      page(),
      {
        name: 'Odile Marty',
        email: 'odile.marty@example.org',
        phone: '05 55 00 00 00',
        locale: 'fr',
        [`qty.${item.variantId}`]: '5',
        shippingMethodId: String(pickup(shop).id),
        paymentMethodId: String(offline(shop).id),
      },
      { form: true },
    );
    expect(res.status).toBe(409);
    expect(res.text).toContain('Odile Marty');
    expect(res.text).toContain(`value="5"`);
    expect(res.text).toContain(`${item.productName} — ${item.variantName} : Il n’en reste que 2.`);
    expect(await stockOf(t.conn.db, item.variantId)).toBe(2);
    const none = await t.conn.db.all(sql`SELECT 1 FROM orders WHERE email = 'odile.marty@example.org'`);
    expect(none).toHaveLength(0);
  });

  it('refuses a card payment and an empty order with field messages', async () => {
    const item = await freshVariant(5);
    const base = {
      contact: { name: 'Paul Roche', email: 'paul.roche@example.org', phone: '05 55 11 11 11' },
      shippingMethodId: pickup(shop).id,
    };
    const card = shop.options.payment.find((m) => m.kind === 'card');
    if (card) {
      const byCard = await as(t, elise, 'POST', `/api/manage/hubs/${HUB}/cycles/${cycle}/orders`, {
        ...base,
        lines: [{ variantId: item.variantId, quantity: 1 }],
        paymentMethodId: card.id,
      });
      expect(byCard.status).toBe(422);
      expect(byCard.body.errors).toEqual([{ field: 'paymentMethodId', message: expect.stringContaining('hors ligne') }]);
    }
    const empty = await as(t, elise, 'POST', `/api/manage/hubs/${HUB}/cycles/${cycle}/orders`, {
      ...base,
      lines: [],
      paymentMethodId: offline(shop).id,
    });
    expect(empty.status).toBe(422);
    expect(await stockOf(t.conn.db, item.variantId)).toBe(5);
    // Another shop's manager cannot take orders here.
    const thomas = await signIn(t, 'thomas.lefevre@example.org');
    const foreign = await as(t, thomas, 'POST', `/api/manage/hubs/${HUB}/cycles/${cycle}/orders`, {
      ...base,
      lines: [{ variantId: item.variantId, quantity: 1 }],
      paymentMethodId: offline(shop).id,
    });
    expect(foreign.status).toBe(403);
  });

  it('takes stock under the same check as the shop: of a last unit bought at the same moment, one order gets it', async () => {
    for (let round = 0; round < 3; round++) {
      const item = await freshVariant(1);
      const cartId = await cartWith(t, shop, [[item.variantId, 1]]);
      const [shopper, hub] = await Promise.all([
        t.call('POST', '/api/orders', orderBody(shop, cartId)),
        as(t, elise, 'POST', `/api/manage/hubs/${HUB}/cycles/${cycle}/orders`, {
          contact: { name: 'Inès Faure', email: 'ines.faure@example.org', phone: '05 55 22 22 22' },
          lines: [{ variantId: item.variantId, quantity: 1 }],
          shippingMethodId: pickup(shop).id,
          paymentMethodId: offline(shop).id,
        }),
      ]);
      expect([shopper.status, hub.status].sort()).toEqual([201, 409]);
      const refused = shopper.status === 409 ? shopper : hub;
      expect(refused.body.code).toBe('OUT_OF_STOCK');
      expect(await stockOf(t.conn.db, item.variantId)).toBe(0);
    }
  });
});
