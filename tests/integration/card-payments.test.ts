// Card payments end to end against the built worker in workerd, a real libSQL database and a fake
// Stripe API reached through the SDK's own host options, with webhooks signed as Stripe signs them:
// reservation, webhook-only completion, replays, out-of-order and late events, forged signatures,
// expiry (by event and by the sweep), Stripe failures, and the shopper giving up the payment.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, carts, invoices, payments, webhookEvents } from '../../db/schema/index.ts';
import { formatMoney } from '../../domain/money.ts';
import { runScheduled } from '../../scripts/local-worker.ts';
import {
  cardPaymentBody,
  cardShop,
  cartWith,
  messagesFor,
  orderRow,
  startPayingWorker,
  stockOf,
  variantWithStock,
} from '../support/checkout.ts';
import type { DemoShop } from '../support/demo-data.ts';
import type { FakeStripe } from '../support/fake-stripe.ts';
import type { TestWorker } from '../support/local-worker.ts';

let t: TestWorker;
let fake: FakeStripe;
let shop: DemoShop;
const used: number[] = [];

let close: () => Promise<void>;

beforeAll(async () => {
  ({ t, fake, close } = await startPayingWorker());
  shop = await cardShop(t.conn.db);
});
afterAll(() => close?.());

/** A fresh variant with `stock`, a cart holding `quantity` of it, and a card payment opened for it. */
async function openCardPayment(stock = 8, quantity = 3) {
  const item = await variantWithStock(t.conn.db, shop, stock, used);
  used.push(item.variantId);
  const cartId = await cartWith(t, shop, [[item.variantId, quantity]]);
  const res = await t.call('POST', '/api/orders', cardPaymentBody(shop, cartId));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const sessionId = [...fake.sessions.values()].find((s) => s.metadata?.order_id === res.body.id)!.id;
  return {
    item,
    cartId,
    order: res.body as { id: string; url: string; state: string; paymentState: string; totalCents: number; redirectUrl: string },
    sessionId,
  };
}

const sessionOf = (id: string) => fake.sessions.get(id)!;

describe('opening a card payment', () => {
  it('reserves the stock and opens a Stripe Checkout session on the hub’s account, for exactly the order’s total', async () => {
    const started = Date.now();
    const { item, cartId, order, sessionId } = await openCardPayment(8, 3);
    expect(order).toMatchObject({ state: 'checkout', paymentState: 'pending', url: `/commandes/${order.id}` });
    expect(order.redirectUrl).toBe(sessionOf(sessionId).url);
    expect(order.redirectUrl.startsWith(fake.url)).toBe(true);

    const created = fake.requests.find(
      (r) => r.path === '/v1/checkout/sessions' && (r.params.metadata as { order_id: string }).order_id === order.id,
    )!;
    expect(created.account).toBe('acct_demo_ruche_du_plateau');
    expect(created.idempotencyKey).toBe(`comptoir-checkout-${order.id}`);
    const p = created.params as any;
    expect(p).toMatchObject({
      mode: 'payment',
      customer_email: 'camille@example.org',
      client_reference_id: order.id,
      locale: 'fr',
      payment_intent_data: { metadata: { order_id: order.id } },
    });
    const lines = p.line_items as Array<{ quantity: string; price_data: { unit_amount: string; currency: string } }>;
    expect(lines[0]).toMatchObject({ quantity: '3', price_data: { currency: 'eur', unit_amount: String(item.price.priceCents) } });
    expect(lines.reduce((s, l) => s + Number(l.quantity) * Number(l.price_data.unit_amount), 0)).toBe(order.totalCents);
    expect(p.success_url).toBe(`${t.url}/commandes/${order.id}?paiement=ok`);
    expect(p.cancel_url).toBe(`${t.url}/commandes/${order.id}?paiement=annule`);

    // The stock is held for the payment's time, which is the session's life at Stripe (at least 30 minutes).
    expect(await stockOf(t.conn.db, item.variantId)).toBe(5);
    const row = await orderRow(t.conn.db, order.id);
    expect(row.reservedUntil).toBeGreaterThanOrEqual(started + 30 * 60_000);
    expect(Number(p.expires_at)).toBe(Math.floor(row.reservedUntil! / 1000));

    // The cart is held too: no change, no second payment; a retried request leads back to this one.
    expect((await t.call('POST', `/api/carts/${cartId}/lines`, { variantId: item.variantId, quantity: 1 })).body.code).toBe(
      'CART_ALREADY_ORDERED',
    );
    const again = await t.call('POST', '/api/orders', cardPaymentBody(shop, cartId));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      code: 'PAYMENT_IN_PROGRESS',
      orderId: order.id,
      orderUrl: order.url,
      paymentUrl: order.redirectUrl,
    });
    expect(
      fake.requests.filter((r) => r.path === '/v1/checkout/sessions' && (r.params.metadata as { order_id: string }).order_id === order.id),
    ).toHaveLength(1);

    // The order page says the payment is not finished and offers to resume it.
    const html = await (await fetch(t.url + order.url)).text();
    expect(html).toContain('Votre paiement n’est pas terminé');
    expect(html).toContain(`href="${order.redirectUrl.replaceAll('&', '&amp;')}"`);
    expect(html).toContain('Modifier le panier ou payer autrement');
    expect(await messagesFor(t.conn.db, order.id)).toEqual([]);
  });
});

describe('a checkout sent again while Stripe is still opening the first payment page', () => {
  it('gives the second its own page and never hands out the first, whose session is expired', async () => {
    const item = await variantWithStock(t.conn.db, shop, 8, used);
    used.push(item.variantId);
    const cartId = await cartWith(t, shop, [[item.variantId, 2]]);
    let firstSession: string | undefined;
    let second: { status: number; body: any } | undefined;
    fake.onSessionCreated = async (s) => {
      if (firstSession) return;
      firstSession = s.id;
      // The shopper clicks again before Stripe has answered the first request.
      second = await t.call('POST', '/api/orders', cardPaymentBody(shop, cartId));
    };
    let first;
    try {
      first = await t.call('POST', '/api/orders', cardPaymentBody(shop, cartId));
    } finally {
      fake.onSessionCreated = null;
    }
    expect(second!.status, JSON.stringify(second!.body)).toBe(201);
    expect(first.status, JSON.stringify(first.body)).toBe(409);
    expect(first.body).toMatchObject({ code: 'PAYMENT_IN_PROGRESS', orderId: second!.body.id, paymentUrl: second!.body.redirectUrl });
    expect(sessionOf(firstSession!).status).toBe('expired');
    expect(await stockOf(t.conn.db, item.variantId)).toBe(6);
    const standing = await t.conn.db.all<{ public_id: string }>(
      sql`SELECT public_id FROM orders WHERE cart_id = (SELECT id FROM carts WHERE public_id = ${cartId}) AND state <> 'cancelled'`,
    );
    expect(standing).toEqual([{ public_id: second!.body.id }]);
    // The second page is the one paid; the webhook alone places the order.
    const paid = [...fake.sessions.values()].find((x) => x.url === second!.body.redirectUrl)!;
    expect((await fake.deliver(fake.complete(paid.id))).body).toMatchObject({ outcome: 'paid', order: second!.body.id });
    expect(await stockOf(t.conn.db, item.variantId)).toBe(6);
  });
});

describe('the webhook', () => {
  it('completes the order by itself when the payment succeeds, even if the shopper never comes back', async () => {
    const { order, sessionId } = await openCardPayment();
    const res = await fake.deliver(fake.complete(sessionId));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ received: true, outcome: 'paid', order: order.id });

    const row = await orderRow(t.conn.db, order.id);
    expect(row).toMatchObject({ state: 'placed', paymentState: 'paid', reservedUntil: null });
    expect(row.placedAt).not.toBeNull();
    const [payment] = await t.conn.db.select().from(payments).where(eq(payments.orderId, row.id));
    expect(payment).toMatchObject({ kind: 'card', state: 'paid', stripeSessionId: sessionId, amountCents: order.totalCents });
    expect(payment!.stripePaymentIntentId).toMatch(/^pi_/);
    expect((await t.conn.db.select().from(invoices).where(eq(invoices.orderId, row.id))).length).toBe(1);
    expect((await messagesFor(t.conn.db, order.id)).map((m) => m.topic)).toEqual(['order.placed.shopper', 'order.placed.hub']);
    expect(
      (
        await t.conn.db
          .select()
          .from(auditLog)
          .where(eq(auditLog.subject, `order:${order.id}`))
      ).map((a) => a.action),
    ).toContain('order.paid');

    const page = await fetch(`${t.url}${order.url}?paiement=ok`);
    const html = await page.text();
    expect(html).toContain('Merci, votre commande est confirmée et payée');
    expect(html).toContain('Carte bancaire — Payée');
    expect(html).toContain(formatMoney(order.totalCents));
  });

  it('applies the same event delivered three times once', async () => {
    const { order, sessionId } = await openCardPayment();
    const event = fake.complete(sessionId);
    const outcomes = [];
    for (let i = 0; i < 3; i++) {
      const res = await fake.deliver(event);
      expect(res.status).toBe(200);
      outcomes.push(res.body.outcome);
    }
    expect(outcomes).toEqual(['paid', 'duplicate', 'duplicate']);
    const row = await orderRow(t.conn.db, order.id);
    expect((await t.conn.db.select().from(invoices).where(eq(invoices.orderId, row.id))).length).toBe(1);
    expect(await messagesFor(t.conn.db, order.id)).toHaveLength(2);
    expect((await t.conn.db.select().from(webhookEvents).where(eq(webhookEvents.id, event.id))).length).toBe(1);
    expect(
      (
        await t.conn.db
          .select()
          .from(auditLog)
          .where(and(eq(auditLog.subject, `order:${order.id}`), eq(auditLog.action, 'order.paid')))
      ).length,
    ).toBe(1);
  });

  it('takes the same three events delivered at once as one', async () => {
    const { order, sessionId } = await openCardPayment();
    const event = fake.complete(sessionId);
    const results = await Promise.all([fake.deliver(event), fake.deliver(event), fake.deliver(event)]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(results.map((r) => r.body.outcome).sort()).toEqual(['duplicate', 'duplicate', 'paid']);
    expect(await messagesFor(t.conn.db, order.id)).toHaveLength(2);
  });

  it('handles events out of order: completion before the session was recorded, a late expiry, another event for the same payment', async () => {
    const { item, order, sessionId } = await openCardPayment(8, 2);
    // As if the webhook beat the worker recording the session id: the metadata still finds the order.
    await t.conn.db.run(
      sql`UPDATE payments SET stripe_session_id = NULL WHERE order_id = (SELECT id FROM orders WHERE public_id = ${order.id})`,
    );
    const completed = fake.complete(sessionId);
    const succeeded = fake.event('checkout.session.async_payment_succeeded', sessionId);
    expect((await fake.deliver(succeeded)).body.outcome).toBe('paid');
    expect((await fake.deliver(completed)).body.outcome).toBe('unchanged');
    const [payment] = await t.conn.db
      .select()
      .from(payments)
      .where(eq(payments.orderId, (await orderRow(t.conn.db, order.id)).id));
    expect(payment!.stripeSessionId).toBe(sessionId);
    // An expiry arriving after the payment (a stale event) neither cancels nor gives stock back.
    const stale = { ...fake.event('checkout.session.expired', sessionId), id: `evt_stale_${Date.now()}` } as typeof completed;
    (stale.data.object as { status: string }).status = 'expired';
    expect((await fake.deliver(stale)).body).toMatchObject({ received: true, outcome: 'unchanged' });
    expect(await orderRow(t.conn.db, order.id)).toMatchObject({ state: 'placed', paymentState: 'paid' });
    expect(await stockOf(t.conn.db, item.variantId)).toBe(6);
    expect(await messagesFor(t.conn.db, order.id)).toHaveLength(2);
  });

  it('refuses forged, tampered, stale or unsigned events with 400 and changes nothing', async () => {
    const { order, sessionId } = await openCardPayment();
    const event = fake.complete(sessionId);
    const forged = await fake.deliver(event, { secret: 'whsec_not_the_right_one' });
    expect(forged.status).toBe(400);
    expect(forged.body.code).toBe('SIGNATURE_INVALID');
    const stale = await fake.deliver(event, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect(stale.status).toBe(400);
    const { body, signature } = await fake.sign(event);
    const tampered = await fetch(fake.webhookUrl!, {
      method: 'POST',
      headers: { 'stripe-signature': signature },
      body: body.replace(String(order.totalCents), '1'),
    });
    expect(tampered.status).toBe(400);
    const unsigned = await fetch(fake.webhookUrl!, { method: 'POST', body });
    expect(unsigned.status).toBe(400);
    expect(await orderRow(t.conn.db, order.id)).toMatchObject({ state: 'checkout', paymentState: 'pending' });
    expect((await t.conn.db.select().from(webhookEvents).where(eq(webhookEvents.id, event.id))).length).toBe(0);
    // The genuine delivery still works afterwards.
    expect((await fake.deliver(event)).body.outcome).toBe('paid');
  });

  it('ignores events of another connected account and sessions that are not Comptoir’s', async () => {
    const { order, sessionId } = await openCardPayment();
    const event = fake.complete(sessionId);
    const foreign = { ...event, id: `evt_foreign_${Date.now()}`, account: 'acct_someone_else' };
    const res = await fake.deliver(foreign as typeof event);
    expect(res.status).toBe(200);
    expect(res.body.outcome).toBe('ignored');
    expect((await orderRow(t.conn.db, order.id)).state).toBe('checkout');
    const notOurs = structuredClone(event);
    notOurs.id = `evt_other_${Date.now()}`;
    (notOurs.data.object as { metadata: Record<string, string> }).metadata = {};
    (notOurs.data.object as { client_reference_id: string | null }).client_reference_id = null;
    expect((await fake.deliver(notOurs)).body.outcome).toBe('ignored');
    const other = await fake.deliver({ ...event, id: `evt_type_${Date.now()}`, type: 'customer.created' } as typeof event);
    expect(other.status).toBe(200);
    expect(other.body.outcome).toBe('ignored');
  });

  it('releases the stock and reopens the cart when the session expires unpaid', async () => {
    const { item, cartId, order, sessionId } = await openCardPayment(8, 3);
    expect(await stockOf(t.conn.db, item.variantId)).toBe(5);
    const res = await fake.deliver(fake.expire(sessionId));
    expect(res.body.outcome).toBe('ended');
    expect(await orderRow(t.conn.db, order.id)).toMatchObject({ state: 'cancelled', paymentState: 'failed', reservedUntil: null });
    expect(await stockOf(t.conn.db, item.variantId)).toBe(8);
    const [cart] = await t.conn.db.select().from(carts).where(eq(carts.publicId, cartId));
    expect(cart!.orderedAt).toBeNull();
    // The shopper finds the cart as it was and can pay again.
    expect((await t.call('GET', `/api/carts/${cartId}`)).body.lines).toMatchObject([
      { variantId: item.variantId, quantity: 3, problem: null },
    ]);
    const html = await (await fetch(t.url + order.url)).text();
    expect(html).toContain('Commande annulée');
    expect(html).toContain(`/boutiques/${shop.hub.slug}/commande/?panier=${cartId}`);
    const retry = await t.call('POST', '/api/orders', cardPaymentBody(shop, cartId));
    expect(retry.status).toBe(201);
    expect(retry.body.id).not.toBe(order.id);
    expect(await stockOf(t.conn.db, item.variantId)).toBe(5);
    // The expiry replayed gives nothing back twice.
    expect((await fake.deliver(fake.event('checkout.session.expired', sessionId))).body.outcome).toBe('unchanged');
    expect(await stockOf(t.conn.db, item.variantId)).toBe(5);
  });

  it('records a payment that arrives after the attempt was cancelled, and tells the hub and the shopper', async () => {
    const { item, order, sessionId } = await openCardPayment(8, 3);
    await fake.deliver(fake.expire(sessionId));
    expect(await stockOf(t.conn.db, item.variantId)).toBe(8);
    // Stripe would never complete an expired session; if a success ever came, it must not be lost.
    const late = fake.complete(sessionId);
    expect((await fake.deliver(late)).body.outcome).toBe('paid-late');
    expect(await orderRow(t.conn.db, order.id)).toMatchObject({ state: 'cancelled', paymentState: 'paid' });
    expect(await stockOf(t.conn.db, item.variantId)).toBe(8);
    expect((await messagesFor(t.conn.db, order.id)).map((m) => m.topic)).toEqual(['payment.late.hub', 'payment.late.shopper']);
    expect(
      (
        await t.conn.db
          .select()
          .from(auditLog)
          .where(eq(auditLog.subject, `order:${order.id}`))
      ).map((a) => a.action),
    ).toContain('order.paid_after_cancel');
    const html = await (await fetch(t.url + order.url)).text();
    expect(html).toContain('Paiement reçu après l’annulation');
    expect((await fake.deliver({ ...late, id: `evt_again_${Date.now()}` } as typeof late)).body.outcome).toBe('unchanged');
    expect(await messagesFor(t.conn.db, order.id)).toHaveLength(2);
  });
});

describe('the sweep of ended reservations', () => {
  it('expires the session at Stripe first, then releases the stock and reopens the cart', async () => {
    const { item, cartId, order, sessionId } = await openCardPayment(8, 3);
    await t.conn.db.run(sql`UPDATE orders SET reserved_until = ${Date.now() - 1000} WHERE public_id = ${order.id}`);
    await runScheduled(t.worker.miniflare);
    expect(sessionOf(sessionId).status).toBe('expired');
    expect(
      fake.requests.some((r) => r.path === `/v1/checkout/sessions/${sessionId}/expire` && r.account === 'acct_demo_ruche_du_plateau'),
    ).toBe(true);
    expect(await orderRow(t.conn.db, order.id)).toMatchObject({ state: 'cancelled', paymentState: 'failed' });
    expect(await stockOf(t.conn.db, item.variantId)).toBe(8);
    expect((await t.call('GET', `/api/carts/${cartId}`)).body.ordered).toBe(false);
  });

  it('places the order when Stripe says it was paid but no webhook ever came', async () => {
    const { item, order, sessionId } = await openCardPayment(8, 3);
    fake.complete(sessionId); // paid at Stripe; the event is lost
    await t.conn.db.run(sql`UPDATE orders SET reserved_until = ${Date.now() - 1000} WHERE public_id = ${order.id}`);
    await runScheduled(t.worker.miniflare);
    expect(await orderRow(t.conn.db, order.id)).toMatchObject({ state: 'placed', paymentState: 'paid' });
    expect(await stockOf(t.conn.db, item.variantId)).toBe(5);
    const messages = await messagesFor(t.conn.db, order.id);
    expect(messages.map((m) => m.topic)).toEqual(['order.placed.shopper', 'order.placed.hub']);
    // Links in the messages use the site the shopper came from (the session's return address).
    expect(JSON.parse(messages[0]!.payload).siteUrl).toBe(t.url);
  });

  it('keeps asking Stripe about a payment still processing, and places the order once it is paid, webhook or not', async () => {
    const { item, order, sessionId } = await openCardPayment(8, 2);
    const processing = await fake.deliver(fake.complete(sessionId, 'unpaid'));
    expect(processing.status).toBe(200);
    const held = await orderRow(t.conn.db, order.id);
    expect(held).toMatchObject({ state: 'checkout', paymentState: 'pending' });
    expect(held.reservedUntil).toBeGreaterThan(Date.now() + 23 * 3600_000);
    expect(await stockOf(t.conn.db, item.variantId)).toBe(6);
    // The payment succeeds at Stripe, but its webhook is lost: the next day's sweep asks and places it.
    fake.complete(sessionId, 'paid');
    await runScheduled(t.worker.miniflare, held.reservedUntil! + 1000);
    expect(await orderRow(t.conn.db, order.id)).toMatchObject({ state: 'placed', paymentState: 'paid' });
    expect(await stockOf(t.conn.db, item.variantId)).toBe(6);
  });

  it('leaves attempts still within their reservation alone', async () => {
    const { order, sessionId } = await openCardPayment();
    await runScheduled(t.worker.miniflare);
    expect(sessionOf(sessionId).status).toBe('open');
    expect((await orderRow(t.conn.db, order.id)).state).toBe('checkout');
  });
});

describe('when Stripe fails', () => {
  it('undoes the attempt when Stripe is down: stock and cart as before, a problem the shopper can act on', async () => {
    const item = await variantWithStock(t.conn.db, shop, 8, used);
    used.push(item.variantId);
    const cartId = await cartWith(t, shop, [[item.variantId, 3]]);
    // The SDK retries twice with the same idempotency key; all three attempts fail.
    fake.failCreate(3, { status: 500, type: 'api_error', message: 'An unknown error occurred' });
    const res = await t.call('POST', '/api/orders', cardPaymentBody(shop, cartId));
    expect(res.status).toBe(502);
    expect(res.body.code).toBe('PAYMENT_PROVIDER');
    expect(res.body.errors[0]).toMatchObject({ field: 'paymentMethodId', message: expect.stringContaining('Votre panier est intact') });
    expect(await stockOf(t.conn.db, item.variantId)).toBe(8);
    expect((await t.call('GET', `/api/carts/${cartId}`)).body).toMatchObject({
      ordered: false,
      lines: [{ variantId: item.variantId, quantity: 3 }],
    });
    const retry = await t.call('POST', '/api/orders', cardPaymentBody(shop, cartId));
    expect(retry.status).toBe(201);
    expect(retry.body.state).toBe('checkout');
  });

  it('undoes the attempt when Stripe refuses the request', async () => {
    const item = await variantWithStock(t.conn.db, shop, 8, used);
    used.push(item.variantId);
    const cartId = await cartWith(t, shop, [[item.variantId, 1]]);
    fake.failCreate(1, {
      status: 400,
      type: 'invalid_request_error',
      message: 'The account acct_demo_ruche_du_plateau cannot take payments yet.',
    });
    const res = await t.call('POST', '/api/orders', cardPaymentBody(shop, cartId));
    expect(res.status).toBe(502);
    expect(await stockOf(t.conn.db, item.variantId)).toBe(8);
    expect((await t.call('GET', `/api/carts/${cartId}`)).body.ordered).toBe(false);
  });
});

describe('the shopper gives up the payment', () => {
  it('expires the session, releases the stock and goes back to the cart, reopened', async () => {
    const { item, cartId, order, sessionId } = await openCardPayment(8, 3);
    const res = await fetch(`${t.url}/commandes/${order.id}/paiement/annuler`, { method: 'POST', redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/boutiques/${shop.hub.slug}/commande/?panier=${cartId}`);
    expect(sessionOf(sessionId).status).toBe('expired');
    expect(await orderRow(t.conn.db, order.id)).toMatchObject({ state: 'cancelled' });
    expect(await stockOf(t.conn.db, item.variantId)).toBe(8);
    expect((await t.call('GET', `/api/carts/${cartId}`)).body.ordered).toBe(false);
  });

  it('after the reservation ended, offers only to change the cart, which reopens it', async () => {
    const { item, cartId, order, sessionId } = await openCardPayment(8, 2);
    // Stripe ended the session at the reservation's end; our sweep has not run yet.
    await t.conn.db.run(sql`UPDATE orders SET reserved_until = ${Date.now() - 1000} WHERE public_id = ${order.id}`);
    fake.expire(sessionId);
    const html = await (await fetch(t.url + order.url)).text();
    expect(html).toContain('Le délai de paiement est dépassé');
    expect(html).not.toContain('Payer maintenant');
    const res = await fetch(`${t.url}/commandes/${order.id}/paiement/annuler`, { method: 'POST', redirect: 'manual' });
    expect(res.headers.get('location')).toBe(`/boutiques/${shop.hub.slug}/commande/?panier=${cartId}`);
    expect(await stockOf(t.conn.db, item.variantId)).toBe(8);
  });

  it('finds the order paid if the payment went through just before, and keeps it', async () => {
    const { order, sessionId } = await openCardPayment();
    fake.complete(sessionId);
    const res = await t.call('POST', `/api/orders/${order.id}/cancel-payment`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ outcome: 'paid', state: 'placed', paymentState: 'paid', checkoutUrl: null });
  });

  it('answers an order that is not in payment without changing it', async () => {
    const { order, sessionId } = await openCardPayment();
    await fake.deliver(fake.complete(sessionId));
    const res = await t.call('POST', `/api/orders/${order.id}/cancel-payment`);
    expect(res.body).toMatchObject({ outcome: 'unchanged', state: 'placed' });
    expect((await t.call('POST', `/api/orders/ord_${'Z'.repeat(22)}/cancel-payment`)).status).toBe(404);
  });
});

describe('the return page', () => {
  it('says the payment is being confirmed until the webhook arrives, and refreshes itself', async () => {
    const { order, sessionId } = await openCardPayment();
    const before = await fetch(`${t.url}${order.url}?paiement=ok`);
    expect(before.headers.get('refresh')).toBe('3');
    expect(await before.text()).toContain('Paiement en cours de confirmation');
    await fake.deliver(fake.complete(sessionId));
    const after = await fetch(`${t.url}${order.url}?paiement=ok`);
    expect(after.headers.get('refresh')).toBeNull();
    expect(await after.text()).toContain('confirmée et payée');
  });

  it('speaks English for an order placed in English', async () => {
    const item = await variantWithStock(t.conn.db, shop, 8, used);
    used.push(item.variantId);
    const cartId = await cartWith(t, shop, [[item.variantId, 1]]);
    const res = await t.call('POST', '/api/orders', cardPaymentBody(shop, cartId, { locale: 'en' }));
    expect(res.body.url).toBe(`/en/orders/${res.body.id}`);
    const created = fake.requests.findLast((r) => r.path === '/v1/checkout/sessions')!;
    expect(created.params).toMatchObject({
      locale: 'en',
      success_url: `${t.url}/en/orders/${res.body.id}?payment=ok`,
      cancel_url: `${t.url}/en/orders/${res.body.id}?payment=cancelled`,
    });
    const html = await (await fetch(`${t.url}/en/orders/${res.body.id}`)).text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Your payment is not finished');
    expect(html).toContain('Change the cart or pay another way');
  });
});

describe('when the database cannot be reached', () => {
  it('answers 5xx so that Stripe sends the event again', async () => {
    const { sessionId } = await openCardPayment();
    const event = fake.complete(sessionId);
    await t.worker.database.close();
    const res = await fake.deliver(event);
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('RETRY_LATER');
  });
});
