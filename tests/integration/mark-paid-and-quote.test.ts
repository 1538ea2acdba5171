// The checkout summary (POST /api/carts/:id/quote) computed by the server exactly as placing will
// charge, card availability when Stripe is not configured, and a hub marking an offline order paid
// with its API token (who and when in the audit log).
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens, auditLog, payments } from '../../db/schema/index.ts';
import { card, cardPaymentBody, cardShop, cartWith, orderBody, orderRow, pickup, variantWithStock } from '../support/checkout.ts';
import { openShops, type DemoShop } from '../support/demo-data.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';

let t: TestWorker;
let shops: DemoShop[];
let ruche: DemoShop;
let drive: DemoShop;

beforeAll(async () => {
  // No Stripe key here: card payment must be shown unavailable and refused.
  t = await startTestWorker();
  shops = await openShops(t.conn.db);
  ruche = await cardShop(t.conn.db);
  drive = shops.find((s) => s.options.minOrderCents > 0 && s.options.shipping.some((m) => m.kind === 'delivery'))!;
});
afterAll(() => t?.close());

describe('the checkout summary', () => {
  it('shows exactly what placing the order charges: lines, per-order fees, shipping, VAT per rate, total', async () => {
    const item = await variantWithStock(t.conn.db, drive, 30);
    const cartId = await cartWith(t, drive, [[item.variantId, 6]]);
    const delivery = drive.options.shipping.find((m) => m.kind === 'delivery')!;
    const quote = await t.call('POST', `/api/carts/${cartId}/quote`, { shippingMethodId: delivery.id });
    expect(quote.status).toBe(200);
    expect(quote.body.lines).toEqual([
      expect.objectContaining({
        variantId: item.variantId,
        quantity: 6,
        unitPriceCents: item.price.priceCents,
        lineTotalCents: 6 * item.price.priceCents,
      }),
    ]);
    expect(quote.body.shipping).toMatchObject({ id: delivery.id, kind: 'delivery', feeCents: delivery.feeCents });
    expect(quote.body.shippingCents).toBe(delivery.feeCents);
    expect(quote.body.totalCents).toBe(quote.body.itemsTotalCents + quote.body.orderFeesCents + delivery.feeCents);
    expect(quote.body.vat.reduce((s: number, r: { ttcCents: number }) => s + r.ttcCents, 0)).toBe(quote.body.totalCents);
    expect(quote.body.vat.map((r: { rateBp: number }) => r.rateBp)).toContain(delivery.vatRateBp);
    expect(quote.body).toMatchObject({ termsRequired: true, minimumReached: true, canPlace: true });

    // Without a method, the first one (collection) is quoted: a different total.
    const pickupQuote = (await t.call('POST', `/api/carts/${cartId}/quote`, {})).body;
    expect(pickupQuote.shipping.kind).toBe('pickup');
    expect(pickupQuote.totalCents).toBe(quote.body.totalCents - delivery.feeCents + pickup(drive).feeCents);

    const placed = await t.call(
      'POST',
      '/api/orders',
      orderBody(drive, cartId, {
        shippingMethodId: delivery.id,
        acceptTerms: true,
        address: { line: '3 rue des Tilleuls', postalCode: '19260', city: 'Treignac' },
      }),
    );
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    expect(placed.body.totalCents).toBe(quote.body.totalCents);
    // Once ordered, the summary says so and where the order is.
    const after = (await t.call('POST', `/api/carts/${cartId}/quote`, {})).body;
    expect(after).toMatchObject({ canPlace: false, order: { id: placed.body.id, url: `/commandes/${placed.body.id}`, state: 'placed' } });
  });

  it('says when the minimum is not reached, and shows changed stock instead of dropping the line', async () => {
    const item = await variantWithStock(t.conn.db, drive, 30, []);
    const cartId = await cartWith(t, drive, [[item.variantId, 1]]);
    const q = (await t.call('POST', `/api/carts/${cartId}/quote`, {})).body;
    expect(item.price.priceCents).toBeLessThan(drive.options.minOrderCents);
    expect(q).toMatchObject({ minOrderCents: drive.options.minOrderCents, minimumReached: false, canPlace: false });
    await variantWithStock(t.conn.db, drive, 0, []);
    const sold = (await t.call('POST', `/api/carts/${cartId}/quote`, {})).body;
    expect(sold.cart.lines).toEqual([
      expect.objectContaining({ variantId: item.variantId, quantity: 1, problem: { code: 'OUT_OF_STOCK', available: 0 } }),
    ]);
    expect(sold.canPlace).toBe(false);
  });

  it('marks card payment unavailable when Stripe is not configured, and placing by card is refused clearly', async () => {
    const item = await variantWithStock(t.conn.db, ruche, 20);
    const cartId = await cartWith(t, ruche, [[item.variantId, 1]]);
    const q = (await t.call('POST', `/api/carts/${cartId}/quote`, { locale: 'en' })).body;
    expect(q.paymentMethods).toContainEqual({
      id: card(ruche).id,
      kind: 'card',
      name: card(ruche).name,
      available: false,
      message: 'Card payment is not available at the moment: choose another payment method.',
    });
    expect(q.paymentMethods.filter((m: { kind: string }) => m.kind === 'offline').every((m: { available: boolean }) => m.available)).toBe(
      true,
    );
    const res = await t.call('POST', '/api/orders', cardPaymentBody(ruche, cartId));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      code: 'METHOD_UNAVAILABLE',
      errors: [{ field: 'paymentMethodId', message: expect.stringContaining('pas disponible') }],
    });
    expect((await t.call('GET', `/api/carts/${cartId}`)).body.ordered).toBe(false);
  });

  it('answers Stripe’s webhook with 503 until it is configured, so no event is lost meanwhile', async () => {
    const res = await t.call('POST', '/api/webhooks/stripe', '{"id":"evt_1","type":"checkout.session.completed"}', {
      'stripe-signature': 't=1,v1=abc',
    });
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('NOT_CONFIGURED');
  });

  it('refuses a price sent by the client, another shop’s method and unknown carts', async () => {
    const item = await variantWithStock(t.conn.db, ruche, 20);
    const cartId = await cartWith(t, ruche, [[item.variantId, 1]]);
    const priced = await t.call('POST', `/api/carts/${cartId}/quote`, { shippingMethodId: pickup(ruche).id, totalCents: 1 });
    expect(priced.status).toBe(422);
    expect(priced.body.code).toBe('VALIDATION');
    const foreign = await t.call('POST', `/api/carts/${cartId}/quote`, { shippingMethodId: pickup(drive).id });
    expect(foreign.status).toBe(422);
    expect(foreign.body.code).toBe('METHOD_UNAVAILABLE');
    expect((await t.call('POST', `/api/carts/cart_${'Z'.repeat(22)}/quote`, {})).status).toBe(404);
    const withPrice = await t.call('POST', '/api/orders', { ...orderBody(ruche, cartId), totalCents: 1 });
    expect(withPrice.status).toBe(422);
  });
});

describe('marking an offline order paid', () => {
  const token = 'cpt_test_token_for_the_ruche_0123456789';
  let tokenId: number;

  beforeAll(async () => {
    const [row] = await t.conn.db
      .insert(apiTokens)
      .values({
        enterpriseId: ruche.hub.id,
        name: 'caisse',
        tokenHash: createHash('sha256').update(token).digest('hex'),
        createdAt: Date.now(),
      })
      .returning({ id: apiTokens.id });
    tokenId = row!.id;
  });

  async function offlineOrder(s: DemoShop) {
    const item = await variantWithStock(t.conn.db, s, 20);
    const cartId = await cartWith(t, s, [[item.variantId, s.options.minOrderCents ? 8 : 1]]);
    const res = await t.call('POST', '/api/orders', orderBody(s, cartId, { acceptTerms: s.options.termsText ? true : undefined }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  }

  it('records the payment, who did it and when, once', async () => {
    const id = await offlineOrder(ruche);
    const res = await t.call('POST', `/api/manage/hubs/${ruche.hub.slug}/orders/${id}/mark-paid`, undefined, {
      authorization: `Bearer ${token}`,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ id, paymentState: 'paid' });
    const row = await orderRow(t.conn.db, id);
    expect(row.paymentState).toBe('paid');
    const [payment] = await t.conn.db.select().from(payments).where(eq(payments.orderId, row.id));
    expect(payment).toMatchObject({ kind: 'offline', state: 'paid' });
    const [audit] = await t.conn.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.subject, `order:${id}`));
    expect(audit).toMatchObject({
      action: 'order.marked_paid',
      enterpriseId: ruche.hub.id,
      details: { via: `api-token:${tokenId}`, from: 'pending' },
    });
    expect(audit!.at).toBeGreaterThan(Date.now() - 60_000);
    expect((await t.call('GET', `/api/orders/${id}`)).body.paymentState).toBe('paid');
    const [tok] = await t.conn.db.select().from(apiTokens).where(eq(apiTokens.id, tokenId));
    expect(tok!.lastUsedAt).not.toBeNull();

    const again = await t.call('POST', `/api/manage/hubs/${ruche.hub.slug}/orders/${id}/mark-paid`, undefined, {
      authorization: `Bearer ${token}`,
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'STATE_CONFLICT', paymentState: 'paid' });
    expect(
      (
        await t.conn.db
          .select()
          .from(auditLog)
          .where(eq(auditLog.subject, `order:${id}`))
      ).length,
    ).toBe(1);
  });

  it('refuses without a valid token of the order’s own shop', async () => {
    const id = await offlineOrder(ruche);
    const none = await t.call('POST', `/api/manage/hubs/${ruche.hub.slug}/orders/${id}/mark-paid`);
    expect(none.status).toBe(401);
    expect(none.body.code).toBe('UNAUTHENTICATED');
    expect(
      (await t.call('POST', `/api/manage/hubs/${ruche.hub.slug}/orders/${id}/mark-paid`, undefined, { authorization: 'Bearer cpt_wrong' }))
        .status,
    ).toBe(401);
    const otherShopOrder = await offlineOrder(drive);
    const foreign = await t.call('POST', `/api/manage/hubs/${ruche.hub.slug}/orders/${otherShopOrder}/mark-paid`, undefined, {
      authorization: `Bearer ${token}`,
    });
    expect(foreign.status).toBe(404);
    expect((await orderRow(t.conn.db, otherShopOrder)).paymentState).toBe('pending');
    await t.conn.db.update(apiTokens).set({ revokedAt: Date.now() }).where(eq(apiTokens.id, tokenId));
    expect(
      (await t.call('POST', `/api/manage/hubs/${ruche.hub.slug}/orders/${id}/mark-paid`, undefined, { authorization: `Bearer ${token}` }))
        .status,
    ).toBe(401);
    await t.conn.db.update(apiTokens).set({ revokedAt: null }).where(eq(apiTokens.id, tokenId));
    expect((await orderRow(t.conn.db, id)).paymentState).toBe('pending');
  });
});
