// A shopper changes or cancels their own order until the cycle closes, where the hub allows it: from
// the order page (through its own link) and the JSON API, through the hub's correction path (same
// pricing, same guarded batch, credit notes), card decreases refunded through the fake Stripe, card
// increases paid by a second Checkout Session applied once by its webhook, never an oversold last unit.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShopItem } from '../../db/catalog/shop.ts';
import { creditNotes, enterprises, invoices, orderChanges, orderCycles, payments, variants } from '../../db/schema/index.ts';
import { formatInvoiceDate, formatInvoiceNumber } from '../../domain/invoices.ts';
import { formatMoney } from '../../domain/money.ts';
import { renderMessage } from '../../worker/email/templates.ts';
import { as, signIn, type Session } from '../support/admin.ts';
import { cardPaymentBody, cartWith, messagesFor, orderBody, orderRow, stockOf, variantWithStock } from '../support/checkout.ts';
import type { DemoShop } from '../support/demo-data.ts';
import { startFakeStripe, type FakeStripe } from '../support/fake-stripe.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';
import { placeOrder, shopOf } from '../support/orders.ts';
import { shortRef } from '../../worker/pages/order-text.ts';
import { signInShopper } from '../support/shoppers.ts';

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
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

let n = 0;
async function offlineOrder(lines: Array<{ item: ShopItem; quantity: number }>) {
  n += 1;
  return placeOrder(t, shop, lines, { name: `Client ${n}`, email: `client${n}@example.org`, phone: '06 11 22 33 44' });
}
async function cardOrder(lines: Array<[number, number]>) {
  const cartId = await cartWith(t, shop, lines);
  const placed = await t.call('POST', '/api/orders', cardPaymentBody(shop, cartId));
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  const session = [...fake.sessions.values()].find((s) => s.metadata?.order_id === placed.body.id)!;
  expect((await fake.deliver(fake.complete(session.id))).status).toBe(200);
  return placed.body.id as string;
}
async function stocked(onHand: number) {
  const item = await variantWithStock(t.conn.db, shop, onHand, used);
  used.push(item.variantId);
  return item;
}
const change = (id: string, lines: Array<{ variantId: number; quantity: number }>) => t.call('PATCH', `/api/orders/${id}`, { lines });
const postForm = (path: string, form: Record<string, string>) =>
  fetch(t.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: t.url },
    body: new URLSearchParams(form),
    redirect: 'manual',
  });
const page = async (path: string) => (await fetch(t.url + path)).text();
const linesOf = (orderId: number) =>
  t.conn.db.all<{ variant_id: number; quantity: number; unit_price_cents: number; line_total_cents: number }>(
    sql`SELECT variant_id, quantity, unit_price_cents, line_total_cents FROM order_lines WHERE order_id = ${orderId} ORDER BY id`,
  );
const setting = (on: boolean) =>
  as(t, elise, 'POST', `/gestion/${HUB}/retrait-et-paiement/modifications-clients`, on ? { shoppersChangeOrders: 'yes' } : {}, {
    form: true,
  });

describe('where the hub does not allow it (the default)', () => {
  it('shows no change form, and refuses a change on the page and on the API, changing nothing', async () => {
    const item = await stocked(10);
    const id = await offlineOrder([{ item, quantity: 2 }]);
    expect(await page(`/commandes/${id}`)).not.toContain('Modifier ou annuler ma commande');

    const api = await change(id, [{ variantId: item.variantId, quantity: 3 }]);
    expect(api.status).toBe(403);
    expect(api.headers.get('content-type')).toContain('application/problem+json');
    expect(api.body.code).toBe('FORBIDDEN');

    const res = await postForm(`/commandes/${id}/modifier`, { [`q.${item.variantId}`]: '3' });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Cette boutique ne permet pas de modifier ou d’annuler une commande en ligne');
    expect((await t.call('POST', `/api/orders/${id}/cancel`)).status).toBe(403);
    expect(await stockOf(t.conn.db, item.variantId)).toBe(8);
    expect((await orderRow(t.conn.db, id)).state).toBe('placed');
  });

  it('is switched on from the hub’s settings page, audited', async () => {
    const before = await as(t, elise, 'GET', `/gestion/${HUB}/retrait-et-paiement`);
    expect(before.text).toContain('Les clients peuvent modifier ou annuler leur commande jusqu’à la clôture');
    expect(before.text).not.toMatch(/name="shoppersChangeOrders" value="yes" checked/);
    expect((await setting(true)).status).toBe(303);
    const after = await as(t, elise, 'GET', `/gestion/${HUB}/retrait-et-paiement`);
    expect(after.text).toMatch(/name="shoppersChangeOrders" value="yes" checked/);
  });
});

describe('an offline order changed by its shopper before the close', () => {
  it('re-prices what the shopper touches at today’s price, takes the stock, tells the shopper and the hub', async () => {
    const a = await stocked(10);
    const b = await stocked(10);
    const id = await offlineOrder([{ item: a, quantity: 2 }]);
    const row = await orderRow(t.conn.db, id);
    const form = await page(`/commandes/${id}`);
    expect(form).toContain('Modifier ou annuler ma commande');
    expect(form).toContain(`name="q.${a.variantId}"`);

    // The producer raises the price after the order: the shopper's change is priced today.
    await t.conn.db
      .update(variants)
      .set({ priceCents: sql`${variants.priceCents} + 50` })
      .where(eq(variants.id, a.variantId));
    const today = (await shopOf(t, HUB)).items.find((i) => i.variantId === a.variantId)!;
    expect(today.price.priceCents).toBeGreaterThan(a.price.priceCents);
    const bToday = (await shopOf(t, HUB)).items.find((i) => i.variantId === b.variantId)!;

    const res = await postForm(`/commandes/${id}/modifier`, {
      [`q.${a.variantId}`]: '3',
      'add.variant': String(b.variantId),
      'add.quantity': '1',
    });
    expect(res.status, (await res.text()).slice(0, 300)).toBe(303);
    const lines = await linesOf(row.id);
    expect(lines).toEqual([
      expect.objectContaining({ variant_id: a.variantId, quantity: 3, unit_price_cents: today.price.priceCents }),
      expect.objectContaining({ variant_id: b.variantId, quantity: 1, unit_price_cents: bToday.price.priceCents }),
    ]);
    expect(await stockOf(t.conn.db, a.variantId)).toBe(7);
    expect(await stockOf(t.conn.db, b.variantId)).toBe(9);
    const after = await orderRow(t.conn.db, id);
    expect(after.totalCents).toBe(row.totalCents - 2 * a.price.priceCents + 3 * today.price.priceCents + bToday.price.priceCents);

    const shown = await page(`/commandes/${id}?modifiee=1`);
    expect(shown).toContain('Votre commande est modifiée.');
    expect(shown).toContain(formatMoney(after.totalCents, 'fr'));
    const mails = await messagesFor(t.conn.db, id);
    const mine = mails.find((m) => m.topic === 'order.corrected.shopper');
    expect(JSON.parse(mine!.payload)).toMatchObject({ by: 'shopper' });
    expect(mails.find((m) => m.topic === 'order.changed.hub')).toMatchObject({ locale: 'fr' });
    // Rendered as the sender job renders them: the shopper's words, and the hub's in its managers' language.
    const text = async (topic: string) => {
      const m = mails.find((x) => x.topic === topic)!;
      return (await renderMessage(t.conn.db, { ...m, payload: JSON.parse(m.payload), locale: m.locale as 'fr' })).text;
    };
    expect(await text('order.corrected.shopper')).toContain('Vous avez modifié votre commande chez La Ruche du Plateau');
    expect(await text('order.changed.hub')).toContain(`${row.name} a modifié sa commande avant la clôture`);
  });

  it('refuses more than the stock with the form shown again, changing nothing', async () => {
    const a = await stocked(3);
    const id = await offlineOrder([{ item: a, quantity: 2 }]);
    const res = await postForm(`/commandes/${id}/modifier`, { [`q.${a.variantId}`]: '5' });
    expect(res.status).toBe(409);
    const text = await res.text();
    expect(text).toContain('Stock insuffisant');
    expect(text).toMatch(new RegExp(`name="q.${a.variantId}"[^>]*value="5"`));
    expect(await stockOf(t.conn.db, a.variantId)).toBe(1);
  });

  it('keeps to the producer’s maximum per order, as the cart does, on the page and on the API', async () => {
    const a = await stocked(10);
    await t.conn.db.update(variants).set({ maxPerOrder: 2 }).where(eq(variants.id, a.variantId));
    try {
      const id = await offlineOrder([{ item: a, quantity: 1 }]);
      const res = await postForm(`/commandes/${id}/modifier`, { [`q.${a.variantId}`]: '3' });
      expect(res.status).toBe(422);
      const shown = await res.text();
      expect(shown).toContain('2 au maximum par commande.');
      // The form comes back with what was typed.
      expect(shown).toMatch(new RegExp(`name="q.${a.variantId}"[^>]*value="3"`));
      const api = await change(id, [{ variantId: a.variantId, quantity: 3 }]);
      expect(api.status).toBe(422);
      expect(api.body.code).toBe('QUANTITY_LIMIT');
      expect(await stockOf(t.conn.db, a.variantId)).toBe(9);
      // Up to the maximum is taken.
      expect((await change(id, [{ variantId: a.variantId, quantity: 2 }])).status).toBe(200);
      expect(await stockOf(t.conn.db, a.variantId)).toBe(8);
    } finally {
      await t.conn.db.update(variants).set({ maxPerOrder: null }).where(eq(variants.id, a.variantId));
    }
  });

  it('cancels with confirmation: stock back, credit note, the page says the shopper cancelled and nothing is due', async () => {
    const a = await stocked(10);
    const id = await offlineOrder([{ item: a, quantity: 4 }]);
    expect((await postForm(`/commandes/${id}/annuler`, {})).status).toBe(303);
    expect((await orderRow(t.conn.db, id)).state).toBe('placed');
    expect((await postForm(`/commandes/${id}/annuler`, { confirm: 'yes' })).status).toBe(303);
    const row = await orderRow(t.conn.db, id);
    expect(row).toMatchObject({ state: 'cancelled', cancelledBy: 'shopper' });
    expect(await stockOf(t.conn.db, a.variantId)).toBe(10);
    const shown = await page(`/commandes/${id}`);
    expect(shown).toContain('Vous avez annulé cette commande.');
    expect(shown).toContain('Rien à payer (commande annulée)');
    expect(shown).not.toContain('Le paiement n’a pas abouti');
    const topics = (await messagesFor(t.conn.db, id)).map((m) => m.topic);
    expect(topics).toEqual(expect.arrayContaining(['order.cancelled.shopper', 'order.cancelled.hub']));
  });

  it('a paid offline order the hub cancels shows the money to be handed back, not the failed-card text', async () => {
    const a = await stocked(10);
    const id = await offlineOrder([{ item: a, quantity: 1 }]);
    expect((await as(t, elise, 'POST', `/api/manage/hubs/${HUB}/orders/${id}/mark-paid`)).status).toBe(200);
    expect((await as(t, elise, 'POST', `/api/manage/hubs/${HUB}/orders/${id}/cancel`, { reason: 'absent' })).status).toBe(200);
    const shown = await page(`/commandes/${id}`);
    expect(shown).toContain('La Ruche du Plateau a annulé votre commande.');
    expect(shown).toContain('Payée — à vous rendre par la boutique');
    expect(shown).not.toContain('Le paiement n’a pas abouti');
    expect(shown).not.toContain('Modifier ou annuler ma commande');
  });
});

describe('a card order changed by its shopper', () => {
  it('costing less: the difference is refunded through Stripe, partially', async () => {
    const a = await stocked(10);
    const id = await cardOrder([[a.variantId, 3]]);
    const row = await orderRow(t.conn.db, id);
    const before = fake.requests.filter((r) => r.path === '/v1/refunds').length;
    const res = await change(id, [{ variantId: a.variantId, quantity: 1 }]);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const refunds = fake.requests.filter((r) => r.path === '/v1/refunds').slice(before);
    expect(refunds).toHaveLength(1);
    const after = await orderRow(t.conn.db, id);
    expect(Number(refunds[0]!.params.amount)).toBe(row.totalCents - after.totalCents);
    expect(res.body).toMatchObject({ outcome: 'changed', refundedCents: row.totalCents - after.totalCents });
    expect(await stockOf(t.conn.db, a.variantId)).toBe(9);
  });

  it('costing more: nothing changes until a second session is paid; its webhook applies the change once', async () => {
    const a = await stocked(10);
    const id = await cardOrder([[a.variantId, 1]]);
    const row = await orderRow(t.conn.db, id);
    const res = await change(id, [{ variantId: a.variantId, quantity: 3 }]);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body).toMatchObject({ outcome: 'payment-required', amountCents: 2 * a.price.priceCents });
    const session = [...fake.sessions.values()].find((s) => s.metadata?.change_id === res.body.changeId)!;
    expect(session.metadata).toMatchObject({ order_id: id });
    expect(res.body.paymentUrl).toBe(session.url);
    // Until paid: the order and the stock as they were, the page says a payment is awaited, no second change.
    expect(await orderRow(t.conn.db, id)).toMatchObject({ totalCents: row.totalCents, updatedAt: row.updatedAt });
    expect(await stockOf(t.conn.db, a.variantId)).toBe(9);
    expect(await page(`/commandes/${id}`)).toContain('Une modification attend son paiement');
    expect((await change(id, [{ variantId: a.variantId, quantity: 2 }])).status).toBe(409);

    const paid = fake.complete(session.id);
    const first = await fake.deliver(paid);
    expect(first.body).toMatchObject({ outcome: 'change-applied' });
    const replay = await fake.deliver(paid);
    expect(replay.status).toBe(200);
    expect(replay.body.outcome).toMatch(/^change-(duplicate|unchanged)$/);
    const after = await orderRow(t.conn.db, id);
    expect(after.totalCents).toBe(row.totalCents + 2 * a.price.priceCents);
    expect(await stockOf(t.conn.db, a.variantId)).toBe(7);
    const pays = await t.conn.db.select().from(payments).where(eq(payments.orderId, row.id));
    expect(pays.map((p) => [p.state, p.amountCents])).toEqual([
      ['paid', row.totalCents],
      ['paid', 2 * a.price.priceCents],
    ]);
    const [changeRow] = await t.conn.db.select().from(orderChanges).where(eq(orderChanges.orderId, row.id));
    expect(changeRow).toMatchObject({ state: 'applied' });
    expect((await messagesFor(t.conn.db, id)).filter((m) => m.topic === 'order.changed.hub')).toHaveLength(1);

    // Cancelling afterwards refunds both payments.
    const refundsBefore = fake.requests.filter((r) => r.path === '/v1/refunds').length;
    expect((await t.call('POST', `/api/orders/${id}/cancel`)).status).toBe(200);
    expect(fake.requests.filter((r) => r.path === '/v1/refunds').slice(refundsBefore)).toHaveLength(2);
    expect(await stockOf(t.conn.db, a.variantId)).toBe(10);
  });

  it('costing more, then the price changes before the payment lands: the payment is refunded whole, the order unchanged', async () => {
    const a = await stocked(10);
    const id = await cardOrder([[a.variantId, 1]]);
    const row = await orderRow(t.conn.db, id);
    const res = await change(id, [{ variantId: a.variantId, quantity: 2 }]);
    expect(res.status).toBe(202);
    const session = [...fake.sessions.values()].find((s) => s.metadata?.change_id === res.body.changeId)!;
    // The producer raises the price while the shopper is on Stripe's page.
    const [v] = await t.conn.db.select({ priceCents: variants.priceCents }).from(variants).where(eq(variants.id, a.variantId));
    await t.conn.db
      .update(variants)
      .set({ priceCents: v!.priceCents + 100 })
      .where(eq(variants.id, a.variantId));
    try {
      const refundsBefore = fake.requests.filter((r) => r.path === '/v1/refunds').length;
      expect((await fake.deliver(fake.complete(session.id))).body).toMatchObject({ outcome: 'change-refunded' });
      const refunds = fake.requests.filter((r) => r.path === '/v1/refunds').slice(refundsBefore);
      expect(refunds).toHaveLength(1);
      expect(await orderRow(t.conn.db, id)).toMatchObject({ totalCents: row.totalCents, updatedAt: row.updatedAt });
      expect(await stockOf(t.conn.db, a.variantId)).toBe(9);
      const [changeRow] = await t.conn.db.select().from(orderChanges).where(eq(orderChanges.orderId, row.id));
      expect(changeRow).toMatchObject({ state: 'refunded' });
    } finally {
      await t.conn.db.update(variants).set({ priceCents: v!.priceCents }).where(eq(variants.id, a.variantId));
    }
  });

  it('costing more, then the payment page expires: the change is dropped and the order unchanged', async () => {
    const a = await stocked(10);
    const id = await cardOrder([[a.variantId, 1]]);
    const row = await orderRow(t.conn.db, id);
    const res = await change(id, [{ variantId: a.variantId, quantity: 2 }]);
    expect(res.status).toBe(202);
    const session = [...fake.sessions.values()].find((s) => s.metadata?.change_id === res.body.changeId)!;
    expect((await fake.deliver(fake.expire(session.id))).body).toMatchObject({ outcome: 'change-dropped' });
    expect(await orderRow(t.conn.db, id)).toMatchObject({ totalCents: row.totalCents, state: 'placed' });
    expect(await stockOf(t.conn.db, a.variantId)).toBe(9);
    const [changeRow] = await t.conn.db.select().from(orderChanges).where(eq(orderChanges.orderId, row.id));
    expect(changeRow).toMatchObject({ state: 'dropped' });
    // The shopper may ask again.
    expect((await change(id, [{ variantId: a.variantId, quantity: 2 }])).status).toBe(202);
  });
});

describe('the last unit', () => {
  it('a change racing a purchase of the last unit never oversells: exactly one of them gets it', async () => {
    for (let round = 0; round < 3; round++) {
      const a = await stocked(2);
      const id = await offlineOrder([{ item: a, quantity: 1 }]);
      expect(await stockOf(t.conn.db, a.variantId)).toBe(1);
      const cart = await cartWith(t, shop, [[a.variantId, 1]]);
      const [changed, bought] = await Promise.all([
        change(id, [{ variantId: a.variantId, quantity: 2 }]),
        t.call('POST', '/api/orders', orderBody(shop, cart)),
      ]);
      const stock = await stockOf(t.conn.db, a.variantId);
      expect(stock).toBe(0);
      const mine = (await linesOf((await orderRow(t.conn.db, id)).id))[0]!.quantity;
      const wins = [changed.status === 200, bought.status === 201].filter(Boolean).length;
      expect(wins, `change ${changed.status}, purchase ${bought.status}`).toBe(1);
      expect(mine).toBe(changed.status === 200 ? 2 : 1);
      if (changed.status !== 200) expect(changed.body.code).toBe('OUT_OF_STOCK');
    }
  });
});

describe('after the close', () => {
  it('refuses a change and a cancellation with a clear message, on the page and on the API', async () => {
    const a = await stocked(10);
    const id = await offlineOrder([{ item: a, quantity: 1 }]);
    const cycle = (await t.conn.db.select().from(orderCycles).where(eq(orderCycles.id, shop.hub.open.cycleId)))[0]!;
    await t.conn.db
      .update(orderCycles)
      .set({ closesAt: Date.now() - 1000 })
      .where(and(eq(orderCycles.id, cycle.id)));
    try {
      const api = await change(id, [{ variantId: a.variantId, quantity: 2 }]);
      expect(api.status).toBe(409);
      expect(api.headers.get('content-type')).toContain('application/problem+json');
      expect(api.body.code).toBe('CYCLE_CLOSED');
      const res = await postForm(`/commandes/${id}/modifier`, { [`q.${a.variantId}`]: '2' });
      expect(res.status).toBe(409);
      expect(await res.text()).toContain('Le cycle de vente est clos : la commande ne peut plus être modifiée ni annulée.');
      const en = await postForm(`/en/orders/${id}/cancel`, { confirm: 'yes' });
      expect(en.status).toBe(409);
      expect(await en.text()).toContain('The sale has closed');
      expect(await page(`/commandes/${id}`)).not.toContain('Modifier ou annuler ma commande');
      expect(await stockOf(t.conn.db, a.variantId)).toBe(9);
      expect((await orderRow(t.conn.db, id)).state).toBe('placed');
    } finally {
      await t.conn.db.update(orderCycles).set({ closesAt: cycle.closesAt }).where(eq(orderCycles.id, cycle.id));
    }
  });
});

describe('a card order while card payments are unavailable (the hub has no connected account)', () => {
  it('says it cannot be changed or cancelled online instead of promising a refund, and refuses both with a 503, changing nothing', async () => {
    const a = await stocked(10);
    const id = await cardOrder([[a.variantId, 3]]);
    const row = await orderRow(t.conn.db, id);
    // Offered while cards work: the form, and its promise of a refund to the card.
    const before = await page(`/commandes/${id}`);
    expect(before).toContain(`name="q.${a.variantId}"`);
    expect(before).toContain('la différence vous est remboursée sur votre carte');
    const [hub] = await t.conn.db.select({ account: enterprises.stripeAccountId }).from(enterprises).where(eq(enterprises.id, shop.hub.id));
    await t.conn.db.update(enterprises).set({ stripeAccountId: null }).where(eq(enterprises.id, shop.hub.id));
    try {
      const shown = await page(`/commandes/${id}`);
      expect(shown).toContain('Modifier ou annuler ma commande');
      expect(shown).toContain(
        'Le paiement par carte est indisponible pour le moment : une commande payée par carte ne peut être ni modifiée ni annulée en ligne',
      );
      expect(shown).not.toContain('remboursée sur votre carte');
      expect(shown).not.toContain(`name="q.${a.variantId}"`);
      expect(shown).not.toContain('Annuler la commande');
      const en = await page(`/en/orders/${id}`);
      expect(en).toContain('Card payments are unavailable for now: an order paid by card can be neither changed nor cancelled online');
      expect(en).not.toContain('refunded to your card');

      const refundsBefore = fake.requests.filter((r) => r.path === '/v1/refunds').length;
      const res = await postForm(`/commandes/${id}/modifier`, { [`q.${a.variantId}`]: '1' });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBeTruthy();
      expect(await res.text()).toContain('Le paiement par carte est indisponible pour le moment');
      const cancelled = await postForm(`/en/orders/${id}/cancel`, { confirm: 'yes' });
      expect(cancelled.status).toBe(503);
      expect(await cancelled.text()).toContain('Card payments are unavailable for now');
      const api = await change(id, [{ variantId: a.variantId, quantity: 1 }]);
      expect(api.status).toBe(503);
      expect(api.headers.get('content-type')).toContain('application/problem+json');
      expect(api.body.code).toBe('SERVICE_UNAVAILABLE');
      // Nothing recorded as owed that nobody could pay back, nothing refunded, the order as it was.
      expect(await orderRow(t.conn.db, id)).toMatchObject({ totalCents: row.totalCents, updatedAt: row.updatedAt, state: 'placed' });
      expect(await stockOf(t.conn.db, a.variantId)).toBe(7);
      expect(fake.requests.filter((r) => r.path === '/v1/refunds').slice(refundsBefore)).toHaveLength(0);
      // « Mes commandes » offers no link to what the order page refuses.
      const cookie = await signInShopper(t, 'camille@example.org');
      const home = await (await fetch(`${t.url}/compte/`, { headers: { cookie } })).text();
      expect(accountRow(home, id)).not.toContain('Modifier');
    } finally {
      await t.conn.db.update(enterprises).set({ stripeAccountId: hub!.account }).where(eq(enterprises.id, shop.hub.id));
    }
  });
});

/** The « Mes commandes » row of an order on the account page. */
function accountRow(html: string, id: string): string {
  const row = [...html.matchAll(/<li data-testid="account-order">([\s\S]*?)<\/li>/g)].find((m) => m[1]!.includes(`/${id}"`));
  expect(row, `no row for ${id}`).toBeTruthy();
  return row![1]!;
}

describe('« Mes commandes » on the account page', () => {
  it('links the orders the shopper may still change or cancel to the order page’s forms, in French and English', async () => {
    const who = { name: 'Jeanne Compte', email: 'jeanne.compte@example.org', phone: '06 11 22 33 44' };
    const a = await stocked(10);
    const open = await placeOrder(t, shop, [{ item: a, quantity: 1 }], who);
    const gone = await placeOrder(t, shop, [{ item: a, quantity: 1 }], who);
    expect((await postForm(`/commandes/${gone}/annuler`, { confirm: 'yes' })).status).toBe(303);
    const cookie = await signInShopper(t, who.email);

    const fr = await (await fetch(`${t.url}/compte/`, { headers: { cookie } })).text();
    const mine = accountRow(fr, open);
    expect(mine).toContain(`href="/commandes/${open}#own-change" aria-label="Modifier la commande ${shortRef(open)}">Modifier</a>`);
    expect(mine).toContain(`href="/commandes/${open}#own-cancel" aria-label="Annuler la commande ${shortRef(open)}">Annuler</a>`);
    expect(accountRow(fr, gone)).not.toMatch(/Modifier|#own-c/);
    // The links land on the change form and on the cancellation's form.
    const target = await page(`/commandes/${open}`);
    expect(target).toMatch(/<section[^>]*id="own-change"/);
    expect(target).toMatch(/<form[^>]*id="own-cancel"/);

    const en = await (await fetch(`${t.url}/en/account/`, { headers: { cookie } })).text();
    expect(accountRow(en, open)).toContain(`href="/en/orders/${open}#own-change" aria-label="Change order ${shortRef(open)}">Change</a>`);
    expect(accountRow(en, open)).toContain(`href="/en/orders/${open}#own-cancel" aria-label="Cancel order ${shortRef(open)}">Cancel</a>`);
    expect(accountRow(en, gone)).not.toMatch(/#own-c/);

    // Once the hub prepares it, the row has no links any more.
    expect((await as(t, elise, 'POST', `/api/manage/hubs/${HUB}/orders/${open}/state`, { state: 'ready' })).status).toBe(200);
    const later = await (await fetch(`${t.url}/compte/`, { headers: { cookie } })).text();
    expect(accountRow(later, open)).not.toMatch(/#own-c/);
  });
});

describe('the order page’s documents', () => {
  it('lists the invoice, the credit note and the supplementary invoice, oldest first, with date, amount and links, in French and English', async () => {
    const a = await stocked(10);
    const b = await stocked(10);
    const id = await offlineOrder([{ item: a, quantity: 3 }]);
    const row = await orderRow(t.conn.db, id);
    expect((await change(id, [{ variantId: a.variantId, quantity: 1 }])).status).toBe(200);
    expect((await change(id, [{ variantId: b.variantId, quantity: 2 }])).status).toBe(200);
    const invs = await t.conn.db.select().from(invoices).where(eq(invoices.orderId, row.id)).orderBy(invoices.id);
    const notes = await t.conn.db.select().from(creditNotes).where(eq(creditNotes.orderId, row.id));
    expect(invs).toHaveLength(2);
    expect(notes).toHaveLength(1);
    const [first, supplement] = invs as [(typeof invs)[0], (typeof invs)[0]];
    const note = notes[0]!;
    const num = (d: { year: number; number: number }) => formatInvoiceNumber(d.year, d.number);

    const fr = await page(`/commandes/${id}`);
    const list = /<ul class="documents" data-testid="documents">([\s\S]*?)<\/ul>/.exec(fr)?.[1] ?? '';
    const items = [...list.matchAll(/<li[^>]*>([\s\S]*?)<\/li>/g)].map((m) => m[1]!);
    expect(items).toHaveLength(3);
    expect(items[0]).toContain(`<a href="/commandes/${id}/facture">Facture n° ${num(first)}</a>`);
    expect(items[0]).toContain(`href="/commandes/${id}/facture.pdf"`);
    expect(items[0]).toContain(`${formatInvoiceDate(first.issuedAt, 'fr')} — ${formatMoney(first.totalTtcCents, 'fr')}`);
    expect(items[1]).toContain(`<a href="/commandes/${id}/avoirs/${num(note)}">Avoir n° ${num(note)}</a>`);
    expect(items[1]).toContain(`href="/commandes/${id}/avoirs/${num(note)}.pdf"`);
    expect(items[1]).toContain(`${formatInvoiceDate(note.issuedAt, 'fr')} — −${formatMoney(note.totalTtcCents, 'fr')}`);
    expect(note.totalTtcCents).toBe(2 * a.price.priceCents);
    expect(items[2]).toContain(`<a href="/commandes/${id}/factures/${num(supplement)}">Facture n° ${num(supplement)} (complémentaire)</a>`);
    expect(items[2]).toContain(`${formatInvoiceDate(supplement.issuedAt, 'fr')} — ${formatMoney(supplement.totalTtcCents, 'fr')}`);
    // Each link opens its document.
    const credit = await fetch(`${t.url}/commandes/${id}/avoirs/${num(note)}`);
    expect(credit.status).toBe(200);
    expect(await credit.text()).toContain(`Avoir n° ${num(note)}`);
    const more = await fetch(`${t.url}/commandes/${id}/factures/${num(supplement)}`);
    expect(more.status).toBe(200);
    expect(await more.text()).toContain(`Facture complémentaire à la facture n° ${num(first)}`);

    const en = await page(`/en/orders/${id}`);
    expect(en).toContain('Invoices and credit notes');
    expect(en).toContain(`<a href="/en/orders/${id}/credit-notes/${num(note)}">Credit note no. ${num(note)}</a>`);
    expect(en).toContain(`${formatInvoiceDate(note.issuedAt, 'en')} — −${formatMoney(note.totalTtcCents, 'en')}`);
    expect(en).toContain(`<a href="/en/orders/${id}/invoices/${num(supplement)}">Invoice no. ${num(supplement)} (supplementary)</a>`);
    expect(en.indexOf('Invoice no.')).toBeLessThan(en.indexOf('Credit note no.'));
    expect(en.indexOf('Credit note no.')).toBeLessThan(en.indexOf('(supplementary)'));
  });
});

describe('the account’s forms', () => {
  it('refuse a post without the session’s CSRF token, and accept it with the token the page carries', async () => {
    const cookie = await signInShopper(t, 'client1@example.org');
    const home = await (await fetch(`${t.url}/compte/`, { headers: { cookie } })).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(home)?.[1];
    expect(token).toBeTruthy();
    const without = await fetch(`${t.url}/compte/deconnexion`, { method: 'POST', headers: { cookie }, redirect: 'manual' });
    expect(without.status).toBe(403);
    const crossSite = await fetch(`${t.url}/compte/deconnexion`, {
      method: 'POST',
      headers: { cookie, origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: token! }),
      redirect: 'manual',
    });
    expect(crossSite.status).toBe(403);
    const ok = await fetch(`${t.url}/compte/deconnexion`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: token! }),
      redirect: 'manual',
    });
    expect(ok.status).toBe(303);
  });
});
