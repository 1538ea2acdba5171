// The cart API against the built worker in workerd and a real libSQL database with the demo co-op.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { carts, cycleOutgoing, enterprises, tagVariantRules, variantOverrides, variants } from '../../db/schema/index.ts';
import { closeCycle, inStock, onDemand, simpleShop, type DemoShop } from '../support/demo-data.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';

let t: TestWorker;
let shop: DemoShop;

beforeAll(async () => {
  t = await startTestWorker();
  shop = await simpleShop(t.conn.db);
});
afterAll(() => t?.close());

async function newCart(hub = shop.hub.slug) {
  const res = await t.call('POST', '/api/carts', { hub });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

describe('health', () => {
  it('reports the worker and its database up', async () => {
    const res = await t.call('GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', database: { status: 'ok' } });
  });
});

describe('cart', () => {
  it('opens an empty cart in an open shop, with an unguessable id', async () => {
    const res = await t.call('POST', '/api/carts', { hub: shop.hub.slug });
    expect(res.status).toBe(201);
    expect(res.body.id).toMatch(/^cart_[0-9A-Za-z]{22}$/);
    expect(res.headers.get('location')).toBe(`/api/carts/${res.body.id}`);
    expect(res.body).toMatchObject({ hub: { slug: shop.hub.slug }, lines: [], itemCount: 0, itemsTotalCents: 0, cycle: { open: true } });
  });

  it('adds products at the server’s shelf price and sums them', async () => {
    const cart = await newCart();
    const a = inStock(shop.items);
    const b = onDemand(shop.items);
    await t.call('POST', `/api/carts/${cart}/lines`, { variantId: a.variantId, quantity: 2 });
    const res = await t.call('POST', `/api/carts/${cart}/lines`, { variantId: b.variantId, quantity: 1 });
    expect(res.status).toBe(200);
    expect(res.body.lines).toEqual([
      expect.objectContaining({
        variantId: a.variantId,
        quantity: 2,
        unitPriceCents: a.price.priceCents,
        lineTotalCents: 2 * a.price.priceCents,
        productName: a.productName,
      }),
      expect.objectContaining({ variantId: b.variantId, quantity: 1, unitPriceCents: b.price.priceCents }),
    ]);
    expect(res.body.itemsTotalCents).toBe(2 * a.price.priceCents + b.price.priceCents);
    // Adding again increments; reading returns the same cart.
    await t.call('POST', `/api/carts/${cart}/lines`, { variantId: a.variantId, quantity: 1 });
    const read = await t.call('GET', `/api/carts/${cart}`);
    expect(read.body.lines[0].quantity).toBe(3);
  });

  it('changes a quantity and removes lines', async () => {
    const cart = await newCart();
    const a = inStock(shop.items);
    await t.call('POST', `/api/carts/${cart}/lines`, { variantId: a.variantId, quantity: 1 });
    expect((await t.call('PUT', `/api/carts/${cart}/lines/${a.variantId}`, { quantity: 4 })).body.lines[0].quantity).toBe(4);
    expect((await t.call('PUT', `/api/carts/${cart}/lines/${a.variantId}`, { quantity: 0 })).body.lines).toEqual([]);
    await t.call('POST', `/api/carts/${cart}/lines`, { variantId: a.variantId, quantity: 1 });
    expect((await t.call('DELETE', `/api/carts/${cart}/lines/${a.variantId}`)).body.itemCount).toBe(0);
  });

  it('refuses more than the stock, saying how many are left', async () => {
    const cart = await newCart();
    const scarce = shop.items.find((i) => !i.onDemand && i.onHand > 0 && i.onHand <= 5)!;
    const res = await t.call('POST', `/api/carts/${cart}/lines`, { variantId: scarce.variantId, quantity: scarce.onHand + 1 });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      code: 'OUT_OF_STOCK',
      status: 409,
      available: scarce.onHand,
      errors: [{ field: 'quantity', message: expect.stringContaining(String(scarce.onHand)) }],
    });
    expect(res.body.requestId).toEqual(expect.any(String));
    expect((await t.call('GET', `/api/carts/${cart}`)).body.lines).toEqual([]);
  });

  it('lets an on-demand product be ordered beyond any count', async () => {
    const cart = await newCart();
    const od = shop.items.find((i) => i.onDemand && i.maxPerOrder === null) ?? onDemand(shop.items);
    const qty = od.maxPerOrder ?? 50;
    const res = await t.call('POST', `/api/carts/${cart}/lines`, { variantId: od.variantId, quantity: qty });
    expect(res.status).toBe(200);
    expect(res.body.lines[0].quantity).toBe(qty);
  });

  it('refuses a variant the shop does not sell', async () => {
    const cart = await newCart();
    const inShop = new Set(shop.items.map((i) => i.variantId));
    const other = (await t.conn.db.select({ id: variants.id }).from(variants)).find((v) => !inShop.has(v.id))!;
    const res = await t.call('POST', `/api/carts/${cart}/lines`, { variantId: other.id, quantity: 1 });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'NOT_IN_SHOP', errors: [{ field: 'variantId' }] });
  });

  it('ignores nothing the client should not send: a price in the body is rejected', async () => {
    const cart = await newCart();
    const a = inStock(shop.items);
    const res = await t.call('POST', `/api/carts/${cart}/lines`, { variantId: a.variantId, quantity: 1, unitPriceCents: 1 });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('VALIDATION');
  });

  it('answers bad input with field messages', async () => {
    const cart = await newCart();
    const res = await t.call('POST', `/api/carts/${cart}/lines`, { variantId: 'abc', quantity: -1 });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['quantity', 'variantId']);
    const malformed = await t.call('POST', `/api/carts/${cart}/lines`, '{"variantId": 1,');
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toMatch(/problem\+json/);
    const badId = await t.call('GET', '/api/carts/not-a-cart');
    expect(badId.status).toBe(422);
    expect(badId.body.errors[0].field).toBe('cartId');
  });

  it('answers unknown ids and routes with 404 problems', async () => {
    expect((await t.call('GET', `/api/carts/cart_${'A'.repeat(22)}`)).body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect((await t.call('POST', '/api/carts', { hub: 'nowhere' })).status).toBe(404);
    const route = await t.call('GET', '/api/nothing-here');
    expect(route.status).toBe(404);
    expect(route.headers.get('content-type')).toMatch(/problem\+json/);
  });
});

describe('changing a cart line', () => {
  // What the worker asks of the database, counted at the libSQL endpoint (its pipeline requests).
  async function roundTrips<T>(action: () => Promise<T>): Promise<{ trips: number; result: T }> {
    const before = t.worker.database.pipelines;
    const result = await action();
    return { trips: t.worker.database.pipelines - before, result };
  }

  it('adds, changes and removes a line in one request to the database each, answering the cart', async () => {
    const cart = await newCart();
    const a = inStock(shop.items);
    const add = await roundTrips(() => t.call('POST', `/api/carts/${cart}/lines`, { variantId: a.variantId, quantity: 2 }));
    expect(add.trips).toBe(1);
    expect(add.result.status).toBe(200);
    expect(add.result.body).toMatchObject({
      lines: [{ variantId: a.variantId, quantity: 2, unitPriceCents: a.price.priceCents, lineTotalCents: 2 * a.price.priceCents }],
      itemCount: 2,
      itemsTotalCents: 2 * a.price.priceCents,
    });
    const again = await roundTrips(() => t.call('POST', `/api/carts/${cart}/lines`, { variantId: a.variantId, quantity: 1 }));
    expect(again.trips).toBe(1);
    expect(again.result.body.lines[0].quantity).toBe(3);
    const set = await roundTrips(() => t.call('PUT', `/api/carts/${cart}/lines/${a.variantId}`, { quantity: 5 }));
    expect(set.trips).toBe(1);
    expect(set.result.body.lines[0].quantity).toBe(5);
    const refused = await roundTrips(() => t.call('POST', `/api/carts/${cart}/lines`, { variantId: a.variantId, quantity: a.onHand }));
    expect(refused.trips).toBe(1);
    expect(refused.result.status).toBe(409);
    const removed = await roundTrips(() => t.call('DELETE', `/api/carts/${cart}/lines/${a.variantId}`));
    expect(removed.trips).toBe(1);
    expect(removed.result.body).toMatchObject({ lines: [], itemCount: 0 });
  });

  it('refuses an add beyond the stock counting what the cart already holds, and keeps the line as it was', async () => {
    const cart = await newCart();
    const a = inStock(shop.items);
    await t.call('POST', `/api/carts/${cart}/lines`, { variantId: a.variantId, quantity: a.onHand - 1 });
    const res = await t.call('POST', `/api/carts/${cart}/lines`, { variantId: a.variantId, quantity: 2 });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'OUT_OF_STOCK', available: a.onHand, errors: [{ field: 'quantity' }] });
    expect((await t.call('GET', `/api/carts/${cart}`)).body.lines).toMatchObject([{ variantId: a.variantId, quantity: a.onHand - 1 }]);
    expect((await t.call('POST', `/api/carts/${cart}/lines`, { variantId: a.variantId, quantity: 1 })).body.lines[0].quantity).toBe(
      a.onHand,
    );
  });

  it('says a product is sold out, and counts the hub’s own stock where it holds one', async () => {
    const cart = await newCart();
    const a = inStock(shop.items);
    await t.conn.db
      .insert(variantOverrides)
      .values({ hubId: shop.hub.id, variantId: a.variantId, onHand: 0 })
      .onConflictDoUpdate({
        target: [variantOverrides.hubId, variantOverrides.variantId],
        set: { onHand: 0 },
      });
    const override = and(eq(variantOverrides.hubId, shop.hub.id), eq(variantOverrides.variantId, a.variantId));
    try {
      const soldOut = await t.call('POST', `/api/carts/${cart}/lines`, { variantId: a.variantId, quantity: 1 });
      expect(soldOut.status).toBe(409);
      expect(soldOut.body).toMatchObject({
        code: 'OUT_OF_STOCK',
        available: 0,
        errors: [{ field: 'quantity', message: 'Ce produit est épuisé.' }],
      });
      await t.conn.db.update(variantOverrides).set({ onHand: 2 }).where(override);
      expect((await t.call('POST', `/api/carts/${cart}/lines`, { variantId: a.variantId, quantity: 3 })).body).toMatchObject({
        code: 'OUT_OF_STOCK',
        available: 2,
      });
      expect((await t.call('PUT', `/api/carts/${cart}/lines/${a.variantId}`, { quantity: 2 })).body.lines[0].quantity).toBe(2);
    } finally {
      await t.conn.db.update(variantOverrides).set({ onHand: null }).where(override);
    }
  });

  it('holds the per-order limit', async () => {
    const cart = await newCart();
    const od = onDemand(shop.items);
    const [{ max } = { max: null }] = await t.conn.db
      .select({ max: variants.maxPerOrder })
      .from(variants)
      .where(eq(variants.id, od.variantId));
    await t.conn.db.update(variants).set({ maxPerOrder: 3 }).where(eq(variants.id, od.variantId));
    try {
      await t.call('POST', `/api/carts/${cart}/lines`, { variantId: od.variantId, quantity: 2 });
      const res = await t.call('POST', `/api/carts/${cart}/lines`, { variantId: od.variantId, quantity: 2 });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({
        code: 'QUANTITY_LIMIT',
        max: 3,
        errors: [{ field: 'quantity', message: '3 au maximum par commande.' }],
      });
      expect((await t.call('PUT', `/api/carts/${cart}/lines/${od.variantId}`, { quantity: 4 })).body.code).toBe('QUANTITY_LIMIT');
      const three = await t.call('PUT', `/api/carts/${cart}/lines/${od.variantId}`, { quantity: 3 });
      expect(three.body.lines).toMatchObject([{ variantId: od.variantId, quantity: 3, maxQuantity: 3 }]);
    } finally {
      await t.conn.db.update(variants).set({ maxPerOrder: max }).where(eq(variants.id, od.variantId));
    }
  });

  it('answers 404 for a cart that does not exist, whatever the change', async () => {
    const missing = `cart_${'B'.repeat(22)}`;
    const a = inStock(shop.items);
    for (const [method, path, body] of [
      ['POST', `/api/carts/${missing}/lines`, { variantId: a.variantId, quantity: 1 }],
      ['PUT', `/api/carts/${missing}/lines/${a.variantId}`, { quantity: 1 }],
      ['DELETE', `/api/carts/${missing}/lines/${a.variantId}`, undefined],
    ] as const) {
      const res = await t.call(method, path, body);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ code: 'NOT_FOUND', errors: [{ field: 'cartId' }] });
    }
  });

  it('refuses every change to a cart already ordered', async () => {
    const cart = await newCart();
    const a = inStock(shop.items);
    await t.call('POST', `/api/carts/${cart}/lines`, { variantId: a.variantId, quantity: 1 });
    await t.conn.db.update(carts).set({ orderedAt: Date.now() }).where(eq(carts.publicId, cart));
    for (const [method, path, body] of [
      ['POST', `/api/carts/${cart}/lines`, { variantId: a.variantId, quantity: 1 }],
      ['PUT', `/api/carts/${cart}/lines/${a.variantId}`, { quantity: 3 }],
      ['DELETE', `/api/carts/${cart}/lines/${a.variantId}`, undefined],
    ] as const) {
      const res = await t.call(method, path, body);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('CART_ALREADY_ORDERED');
    }
    expect((await t.call('GET', `/api/carts/${cart}`)).body.lines).toMatchObject([{ variantId: a.variantId, quantity: 1 }]);
  });
});

describe('sales reserved to tagged customers', () => {
  it('does not sell a members-only variant through the public cart', async () => {
    const [rule] = await t.conn.db.select().from(tagVariantRules);
    expect(rule).toBeTruthy();
    const hub = (await t.conn.db.select({ slug: enterprises.slug }).from(enterprises).where(eq(enterprises.id, rule!.hubId)))[0]!;
    const cart = (await t.call('POST', '/api/carts', { hub: hub.slug })).body.id;
    const res = await t.call('POST', `/api/carts/${cart}/lines`, { variantId: rule!.variantId, quantity: 1 });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('NOT_IN_SHOP');
  });

  it('refuses carts in a members-only sale, including carts opened before it became one', async () => {
    const cart = await newCart();
    await t.conn.db.update(cycleOutgoing).set({ requiredTag: 'adhérent' }).where(eq(cycleOutgoing.id, shop.hub.open.outgoingId));
    try {
      expect((await t.call('POST', '/api/carts', { hub: shop.hub.slug })).body.code).toBe('CYCLE_CLOSED');
      const add = await t.call('POST', `/api/carts/${cart}/lines`, { variantId: inStock(shop.items).variantId, quantity: 1 });
      expect(add.status).toBe(409);
      expect(add.body.code).toBe('CYCLE_CLOSED');
      expect((await t.call('GET', `/api/shops/${shop.hub.slug}/live`)).body.open).toBe(false);
    } finally {
      await t.conn.db.update(cycleOutgoing).set({ requiredTag: null }).where(eq(cycleOutgoing.id, shop.hub.open.outgoingId));
    }
  });
});

describe('live shop status', () => {
  it('brings the open state, the nearly sold-out variants and the cart', async () => {
    const cart = await newCart();
    const a = inStock(shop.items);
    await t.call('POST', `/api/carts/${cart}/lines`, { variantId: a.variantId, quantity: 1 });
    const res = await t.call('GET', `/api/shops/${shop.hub.slug}/live?cart=${cart}`);
    expect(res.status).toBe(200);
    expect(res.body.open).toBe(true);
    const scarce = shop.items.filter((i) => !i.onDemand && i.onHand <= 5);
    expect(Object.keys(res.body.stock).map(Number).sort()).toEqual(scarce.map((i) => i.variantId).sort());
    expect(res.body.stock[a.variantId]).toBeUndefined();
    expect(res.body.cart.id).toBe(cart);
  });
});

describe('closed cycle', () => {
  it('refuses new carts and cart changes once the cycle has closed', async () => {
    const cart = await newCart();
    const a = inStock(shop.items);
    await closeCycle(t.conn.db, shop.hub.open.cycleId);
    const add = await t.call('POST', `/api/carts/${cart}/lines`, { variantId: a.variantId, quantity: 1 });
    expect(add.status).toBe(409);
    expect(add.body.code).toBe('CYCLE_CLOSED');
    expect((await t.call('PUT', `/api/carts/${cart}/lines/${a.variantId}`, { quantity: 2 })).body.code).toBe('CYCLE_CLOSED');
    expect((await t.call('DELETE', `/api/carts/${cart}/lines/${a.variantId}`)).body.code).toBe('CYCLE_CLOSED');
    const open = await t.call('POST', '/api/carts', { hub: shop.hub.slug });
    expect(open.status).toBe(409);
    const live = await t.call('GET', `/api/shops/${shop.hub.slug}/live`);
    expect(live.body.open).toBe(false);
    // Stock untouched by refused requests.
    const [row] = await t.conn.db.select({ onHand: variants.onHand }).from(variants).where(eq(variants.id, a.variantId));
    expect(row!.onHand).toBeGreaterThanOrEqual(a.onHand);
  });
});
