// Placing an order with an offline payment, against the built worker in workerd and a real libSQL
// database: the happy path, every refusal, and 20 shoppers racing for 5 items.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { orderLines, orders, outbox, paymentMethods, shippingMethods, variants } from '../../db/schema/index.ts';
import { formatMoney } from '../../domain/money.ts';
import { closeCycle, inStock, onDemand, openShops, type DemoShop } from '../support/demo-data.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';

let t: TestWorker;
let shops: DemoShop[];
let shop: DemoShop;

const contact = { name: 'Camille Martin', email: 'camille@example.org', phone: '06 12 34 56 78' };

beforeAll(async () => {
  t = await startTestWorker();
  shops = await openShops(t.conn.db);
  // The simplest checkout: a free pickup and an offline payment, no terms and no minimum.
  shop = shops.find((s) => !s.options.termsText && s.options.minOrderCents === 0) ?? shops[0]!;
});
afterAll(() => t?.close());

const pickup = (s: DemoShop) => s.options.shipping.find((m) => m.kind === 'pickup')!;
const offline = (s: DemoShop) => s.options.payment.find((m) => m.kind === 'offline')!;

async function cartWith(s: DemoShop, lines: Array<[number, number]>) {
  const cart = (await t.call('POST', '/api/carts', { hub: s.hub.slug })).body.id as string;
  for (const [variantId, quantity] of lines) {
    const res = await t.call('POST', `/api/carts/${cart}/lines`, { variantId, quantity });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
  return cart;
}

function orderBody(s: DemoShop, cartId: string, over: Record<string, unknown> = {}) {
  return {
    cartId,
    contact,
    shippingMethodId: pickup(s).id,
    paymentMethodId: offline(s).id,
    ...(s.options.termsText ? { acceptTerms: true } : {}),
    ...over,
  };
}

const stockOf = async (variantId: number) =>
  (await t.conn.db.select({ onHand: variants.onHand }).from(variants).where(eq(variants.id, variantId)))[0]!.onHand;

describe('placing an order with offline payment', () => {
  it('places it, takes the stock, and shows it at an unguessable link', async () => {
    const a = inStock(shop.items);
    const b = onDemand(shop.items);
    const before = await stockOf(a.variantId);
    const cart = await cartWith(shop, [
      [a.variantId, 2],
      [b.variantId, 1],
    ]);
    const res = await t.call('POST', '/api/orders', orderBody(shop, cart));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.id).toMatch(/^ord_[0-9A-Za-z]{22}$/);
    expect(res.body.url).toBe(`/commandes/${res.body.id}`);
    expect(res.body).toMatchObject({ state: 'placed', paymentState: 'pending' });

    const cartView = (await t.call('GET', `/api/carts/${cart}`)).body;
    const expectedTotal = 2 * a.price.priceCents + b.price.priceCents + cartView.orderFeesCents + pickup(shop).feeCents;
    expect(res.body.totalCents).toBe(expectedTotal);
    expect(await stockOf(a.variantId)).toBe(before - 2);

    const order = await t.call('GET', `/api/orders/${res.body.id}`);
    expect(order.status).toBe(200);
    expect(
      order.body.lines.map((l: { variantId: number; quantity: number; unitPriceCents: number }) => [
        l.variantId,
        l.quantity,
        l.unitPriceCents,
      ]),
    ).toEqual([
      [a.variantId, 2, a.price.priceCents],
      [b.variantId, 1, b.price.priceCents],
    ]);
    expect(order.body.contact).toEqual(contact);

    const page = await fetch(`${t.url}/commandes/${res.body.id}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toContain('no-store');
    const html = await page.text();
    expect(html).toContain(a.productName);
    expect(html).toContain(formatMoney(expectedTotal));
    expect(html).toContain('En attente de paiement');

    // The confirmation and the hub's notification were written with the order.
    const [row] = await t.conn.db.select({ id: orders.id }).from(orders).where(eq(orders.publicId, res.body.id));
    const messages = await t.conn.db.select().from(outbox);
    const mine = messages.filter((m) => (m.payload as { orderPublicId: string }).orderPublicId === res.body.id);
    expect(mine).toContainEqual(expect.objectContaining({ topic: 'order.placed.shopper', recipient: contact.email, sentAt: null }));
    expect((await t.conn.db.select().from(orderLines).where(eq(orderLines.orderId, row!.id))).length).toBe(2);
  });

  it('freezes prices at placement: a later price change does not alter the order', async () => {
    const a = inStock(shop.items);
    const cart = await cartWith(shop, [[a.variantId, 1]]);
    const placed = (await t.call('POST', '/api/orders', orderBody(shop, cart))).body;
    await t.conn.db
      .update(variants)
      .set({ priceCents: a.price.basePriceCents * 3 })
      .where(eq(variants.id, a.variantId));
    const order = (await t.call('GET', `/api/orders/${placed.id}`)).body;
    expect(order.totalCents).toBe(placed.totalCents);
    expect(order.lines[0].unitPriceCents).toBe(a.price.priceCents);
    await t.conn.db.update(variants).set({ priceCents: a.price.basePriceCents }).where(eq(variants.id, a.variantId));
  });

  it('does not place the same cart twice, nor change it afterwards', async () => {
    const a = inStock(shop.items);
    const cart = await cartWith(shop, [[a.variantId, 1]]);
    expect((await t.call('POST', '/api/orders', orderBody(shop, cart))).status).toBe(201);
    const again = await t.call('POST', '/api/orders', orderBody(shop, cart));
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CART_ALREADY_ORDERED');
    expect((await t.call('POST', `/api/carts/${cart}/lines`, { variantId: a.variantId, quantity: 1 })).body.code).toBe(
      'CART_ALREADY_ORDERED',
    );
  });
});

describe('refusals', () => {
  let cart: string;
  beforeEach(async () => {
    cart = await cartWith(shop, [[inStock(shop.items).variantId, 1]]);
  });

  it('validates contact details field by field', async () => {
    const res = await t.call('POST', '/api/orders', orderBody(shop, cart, { contact: { name: ' ', email: 'camille@', phone: 'x' } }));
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['contact.email', 'contact.name', 'contact.phone']);
    expect(res.body.errors.find((e: { field: string }) => e.field === 'contact.email').message).toMatch(/e-mail/);
  });

  it('refuses an empty cart', async () => {
    const empty = (await t.call('POST', '/api/carts', { hub: shop.hub.slug })).body.id;
    const res = await t.call('POST', '/api/orders', orderBody(shop, empty));
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('CART_EMPTY');
  });

  it('refuses methods the shop does not offer, and card payment until it is available', async () => {
    const other = shops.find((s) => s.hub.id !== shop.hub.id)!;
    const foreign = await t.call('POST', '/api/orders', orderBody(shop, cart, { paymentMethodId: offline(other).id }));
    expect(foreign.status).toBe(422);
    expect(foreign.body).toMatchObject({ code: 'METHOD_UNAVAILABLE', errors: [{ field: 'paymentMethodId' }] });
    const card = (await t.conn.db.select().from(paymentMethods).where(eq(paymentMethods.kind, 'card')))[0];
    if (card) {
      const s = shops.find((x) => x.hub.id === card.hubId)!;
      const c2 = await cartWith(s, [[inStock(s.items).variantId, 1]]);
      const res = await t.call('POST', '/api/orders', orderBody(s, c2, { paymentMethodId: card.id, acceptTerms: true }));
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('METHOD_UNAVAILABLE');
    }
  });

  it('requires an address for delivery', async () => {
    const delivery = (await t.conn.db.select().from(shippingMethods).where(eq(shippingMethods.kind, 'delivery')))[0]!;
    const s = shops.find((x) => x.hub.id === delivery.hubId)!;
    const c = await cartWith(s, [[inStock(s.items).variantId, 3]]);
    const base = orderBody(s, c, { shippingMethodId: delivery.id, acceptTerms: true });
    const res = await t.call('POST', '/api/orders', base);
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ field: 'address', message: expect.any(String) }]);
    const bad = await t.call('POST', '/api/orders', {
      ...base,
      address: { line: '3 rue des Tilleuls', postalCode: '1900', city: 'Meymac' },
    });
    expect(bad.body.errors[0].field).toBe('address.postalCode');
  });

  it('refuses an order when stock fell below the cart, saying what is left', async () => {
    const a = inStock(shop.items);
    const c = await cartWith(shop, [[a.variantId, 3]]);
    await t.conn.db.update(variants).set({ onHand: 2 }).where(eq(variants.id, a.variantId));
    const res = await t.call('POST', '/api/orders', orderBody(shop, c));
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'OUT_OF_STOCK', lines: [{ variantId: a.variantId, requested: 3, available: 2 }] });
    expect(res.body.errors[0].message).toContain('2');
    expect(await stockOf(a.variantId)).toBe(2);
    await t.conn.db.update(variants).set({ onHand: a.onHand }).where(eq(variants.id, a.variantId));
  });

  it('answers unknown carts and orders with 404', async () => {
    const res = await t.call('POST', '/api/orders', orderBody(shop, `cart_${'Z'.repeat(22)}`));
    expect(res.status).toBe(404);
    expect((await t.call('GET', `/api/orders/ord_${'Z'.repeat(22)}`)).status).toBe(404);
    const page = await fetch(`${t.url}/commandes/ord_${'Z'.repeat(22)}`);
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('Page introuvable');
  });
});

describe('concurrency', () => {
  it('20 simultaneous orders for a variant with stock 5: exactly 5 placed, stock 0, 15 clear refusals', async () => {
    const a = inStock(shop.items);
    await t.conn.db.update(variants).set({ onHand: 5 }).where(eq(variants.id, a.variantId));
    const carts = await Promise.all(Array.from({ length: 20 }, () => cartWith(shop, [[a.variantId, 1]])));
    const results = await Promise.all(carts.map((cart) => t.call('POST', '/api/orders', orderBody(shop, cart))));
    const placed = results.filter((r) => r.status === 201);
    const refused = results.filter((r) => r.status !== 201);
    expect(placed).toHaveLength(5);
    expect(refused).toHaveLength(15);
    for (const r of refused) {
      expect(r.status).toBe(409);
      expect(r.body).toMatchObject({ code: 'OUT_OF_STOCK', errors: [{ message: expect.stringMatching(/épuisé/) }] });
    }
    expect(await stockOf(a.variantId)).toBe(0);
    const lines = await t.conn.db.select({ q: orderLines.quantity }).from(orderLines).where(eq(orderLines.variantId, a.variantId));
    expect(lines.reduce((s, l) => s + l.q, 0)).toBeGreaterThanOrEqual(5);
    await t.conn.db.update(variants).set({ onHand: a.onHand }).where(eq(variants.id, a.variantId));
  });
});

describe('closed cycle', () => {
  it('refuses to place an order once the cycle has closed', async () => {
    const s = shops.at(-1)!;
    const c = await cartWith(s, [[inStock(s.items).variantId, 3]]);
    await closeCycle(t.conn.db, s.hub.open.cycleId);
    const res = await t.call(
      'POST',
      '/api/orders',
      orderBody(s, c, { shippingMethodId: pickup(s).id, paymentMethodId: offline(s).id, acceptTerms: true }),
    );
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('CYCLE_CLOSED');
  });
});
