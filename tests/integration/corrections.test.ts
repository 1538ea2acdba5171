// Pickup day, as a hub manager lives it through the back office and the shopper reads it: an order
// corrected (a weighed chicken re-priced, a missing item removed, an item added), with its credit
// notes and supplementary invoices numbered in the seller's sequence, cancelling with a reason,
// money back (partial card refunds through the fake Stripe, amounts owed on offline orders), and
// bulk actions on ticked orders. One worker for the file, a real database with the real migrations.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cycleFeeList, type ShopItem } from '../../db/catalog/shop.ts';
import { creditNotes, invoiceCounters, invoices, moneyBack } from '../../db/schema/index.ts';
import { formatInvoiceNumber } from '../../domain/invoices.ts';
import { formatMoney } from '../../domain/money.ts';
import { shelfPrice } from '../../domain/pricing.ts';
import { as, signIn, type Session } from '../support/admin.ts';
import { cardPaymentBody, cartWith, messagesFor, orderRow, stockOf, variantWithStock } from '../support/checkout.ts';
import type { DemoShop } from '../support/demo-data.ts';
import { startFakeStripe, type FakeStripe } from '../support/fake-stripe.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';
import { placeOrder, shopOf } from '../support/orders.ts';

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
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

let shopper = 0;
async function offlineOrder(lines: Array<{ item: ShopItem; quantity: number }>) {
  shopper += 1;
  return placeOrder(t, shop, lines, { name: `Client Retrait ${shopper}`, email: `retrait${shopper}@example.org`, phone: '06 11 22 33 44' });
}
async function stocked(onHand: number) {
  const item = await variantWithStock(t.conn.db, shop, onHand, used);
  used.push(item.variantId);
  return item;
}
const linesOf = (orderId: number) =>
  t.conn.db.all<{ id: number; variant_id: number; quantity: number; line_total_cents: number; unit_value: number }>(
    sql`SELECT id, variant_id, quantity, line_total_cents, unit_value FROM order_lines WHERE order_id = ${orderId} ORDER BY id`,
  );
const correct = (id: string, form: Record<string, string>) =>
  as(t, elise, 'POST', `/gestion/${HUB}/commandes/${id}/corriger`, form, { form: true });
const page = async (path: string) => {
  const res = await fetch(t.url + path);
  return { status: res.status, text: await res.text() };
};
const lastNumber = async () =>
  (
    await t.conn.db.select({ n: invoiceCounters.lastNumber }).from(invoiceCounters).where(eq(invoiceCounters.enterpriseId, shop.hub.id))
  ).reduce((m, r) => Math.max(m, r.n), 0);
const firstInvoice = async (orderId: number) =>
  (await t.conn.db.select().from(invoices).where(eq(invoices.orderId, orderId)).orderBy(invoices.id))[0]!;

describe('correcting an order on pickup day', () => {
  it('re-prices a weighed chicken on its real weight, with its fees, on a supplementary invoice; the first invoice stays byte-identical', async () => {
    const chicken = shop.items.find((i) => i.unitKind === 'weight' && !i.onDemand && i.onHand > 0 && !used.includes(i.variantId))!;
    expect(chicken, 'a product sold by weight in the demo shop').toBeTruthy();
    used.push(chicken.variantId);
    const other = await stocked(10);
    const id = await offlineOrder([
      { item: chicken, quantity: 1 },
      { item: other, quantity: 1 },
    ]);
    const before = await orderRow(t.conn.db, id);
    const invoiceHtml = (await page(`/commandes/${id}/facture`)).text;
    const [line] = (await linesOf(before.id)).filter((l) => l.variant_id === chicken.variantId);

    const grams = chicken.unitValue + 300;
    const res = await correct(id, { [`kg.${line!.id}`]: String(grams / 1000).replace('.', ',') });
    expect(res.status, res.text.slice(0, 400)).toBe(303);

    // The price the shelf would show for that weight: the producer's €/kg, then the cycle's fees.
    const fees = await cycleFeeList(t.conn.db, shop.hub.open.cycleId);
    const expected = shelfPrice(
      {
        producerId: chicken.producerId,
        basePriceCents: Math.round((chicken.price.basePriceCents * grams) / chicken.unitValue),
        vatRateBp: chicken.price.vatRateBp,
        unitKind: 'weight',
        unitValue: grams,
      },
      fees,
      shop.hub.id,
    );
    const after = await orderRow(t.conn.db, id);
    const [weighed] = (await linesOf(after.id)).filter((l) => l.variant_id === chicken.variantId);
    expect(weighed).toMatchObject({ unit_value: grams, line_total_cents: expected.priceCents });
    const added = expected.priceCents - line!.line_total_cents;
    expect(added).toBeGreaterThan(0);
    expect(after.totalCents).toBe(before.totalCents + added);

    // A supplementary invoice for the difference; the first one has not moved a byte.
    const all = await t.conn.db.select().from(invoices).where(eq(invoices.orderId, after.id)).orderBy(invoices.id);
    expect(all).toHaveLength(2);
    expect(all[1]!.supplementsInvoiceId).toBe(all[0]!.id);
    expect(all[1]!.totalTtcCents).toBe(added);
    expect((await page(`/commandes/${id}/facture`)).text).toBe(invoiceHtml);
    const supplement = await page(`/commandes/${id}/factures/${formatInvoiceNumber(all[1]!.year, all[1]!.number)}`);
    expect(supplement.status).toBe(200);
    expect(supplement.text).toContain(`Facture complémentaire à la facture n° ${formatInvoiceNumber(all[0]!.year, all[0]!.number)}`);
    expect(supplement.text).toContain('pesé : ');
    expect(supplement.text).toContain(formatMoney(added, 'fr'));

    // The shopper is told, in the order's language; the history says it in words.
    expect((await messagesFor(t.conn.db, id)).map((m) => m.topic)).toContain('order.corrected.shopper');
    const admin = await as(t, elise, 'GET', `/gestion/${HUB}/commandes/${id}`);
    expect(admin.text).toContain('commande modifiée — elise.bernard@example.org');
  });

  it('removes a missing item: its stock comes back and a credit note takes the next number, referencing the invoice', async () => {
    const kept = await stocked(10);
    const missing = await stocked(10);
    const id = await offlineOrder([
      { item: kept, quantity: 2 },
      { item: missing, quantity: 3 },
    ]);
    expect(await stockOf(t.conn.db, missing.variantId)).toBe(7);
    const row = await orderRow(t.conn.db, id);
    const invoice = await firstInvoice(row.id);
    const invoiceHtml = (await page(`/commandes/${id}/facture`)).text;
    const [, line] = await linesOf(row.id);
    const last = await lastNumber();

    const res = await correct(id, { [`q.${line!.id}`]: '0' });
    expect(res.status, res.text.slice(0, 400)).toBe(303);
    expect(await stockOf(t.conn.db, missing.variantId)).toBe(10);
    expect(await stockOf(t.conn.db, kept.variantId)).toBe(8);
    expect(await linesOf(row.id)).toHaveLength(1);

    const [note] = await t.conn.db.select().from(creditNotes).where(eq(creditNotes.orderId, row.id));
    expect(note).toMatchObject({ number: last + 1, invoiceId: invoice.id, cause: 'corrected', totalTtcCents: line!.line_total_cents });
    expect((await orderRow(t.conn.db, id)).totalCents).toBe(row.totalCents - line!.line_total_cents);
    const notePage = await page(`/commandes/${id}/avoirs/${formatInvoiceNumber(note!.year, note!.number)}`);
    expect(notePage.status).toBe(200);
    expect(notePage.text).toContain(`Avoir n° ${formatInvoiceNumber(note!.year, note!.number)}`);
    expect(notePage.text).toContain(`Avoir se rapportant à la facture n° ${formatInvoiceNumber(invoice.year, invoice.number)}`);
    expect(notePage.text).toContain(missing.productName);
    const pdf = await fetch(`${t.url}/commandes/${id}/avoirs/${formatInvoiceNumber(note!.year, note!.number)}.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    // The invoice is never changed by a correction.
    expect((await page(`/commandes/${id}/facture`)).text).toBe(invoiceHtml);
  });

  it('adds an item under the same stock guard as at placement, on a new invoice; refuses more than the stock, changing nothing', async () => {
    const first = await stocked(10);
    const extra = await stocked(2);
    const id = await offlineOrder([{ item: first, quantity: 1 }]);
    const row = await orderRow(t.conn.db, id);

    const refused = await correct(id, { 'add.variant': String(extra.variantId), 'add.quantity': '3' });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Stock insuffisant');
    expect(refused.text).toContain(`value="${extra.variantId}" selected`);
    expect(await stockOf(t.conn.db, extra.variantId)).toBe(2);
    expect(await linesOf(row.id)).toHaveLength(1);

    const res = await correct(id, { 'add.variant': String(extra.variantId), 'add.quantity': '2' });
    expect(res.status, res.text.slice(0, 400)).toBe(303);
    expect(await stockOf(t.conn.db, extra.variantId)).toBe(0);
    const all = await t.conn.db.select().from(invoices).where(eq(invoices.orderId, row.id)).orderBy(invoices.id);
    expect(all).toHaveLength(2);
    expect(all[1]!.totalTtcCents).toBe(extra.price.priceCents * 2);
    expect((await orderRow(t.conn.db, id)).totalCents).toBe(row.totalCents + extra.price.priceCents * 2);
  });

  it('refuses a bad weight with the form shown again and its message', async () => {
    const chicken = shop.items.find((i) => i.unitKind === 'weight' && !i.onDemand && i.onHand > 0 && !used.includes(i.variantId));
    const item = chicken ?? (await stocked(10));
    const id = await offlineOrder([{ item, quantity: 1 }]);
    const [line] = await linesOf((await orderRow(t.conn.db, id)).id);
    const res = await correct(id, { [`q.${line!.id}`]: 'deux' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Une quantité est un nombre entier');
    expect(res.text).toContain('value="deux"');
  });
});

describe('cancelling', () => {
  it('issues a credit note for an invoiced order; the shopper’s page and e-mail say the hub cancelled it, with the reason', async () => {
    const item = await stocked(10);
    const id = await offlineOrder([{ item, quantity: 2 }]);
    const row = await orderRow(t.conn.db, id);
    const invoice = await firstInvoice(row.id);
    const last = await lastNumber();

    const adminBefore = await as(t, elise, 'GET', `/gestion/${HUB}/commandes/${id}`);
    expect(adminBefore.text).toContain('<details class="danger-zone no-print"><summary>Annuler la commande…</summary>');
    expect(adminBefore.text).toContain('<button type="submit" class="danger">Annuler la commande</button>');

    const res = await as(
      t,
      elise,
      'POST',
      `/gestion/${HUB}/commandes/${id}/annuler`,
      { reason: 'le producteur n’a pas pu venir' },
      { form: true },
    );
    expect(res.status).toBe(303);
    const [note] = await t.conn.db.select().from(creditNotes).where(eq(creditNotes.orderId, row.id));
    expect(note).toMatchObject({ number: last + 1, invoiceId: invoice.id, cause: 'cancelled', totalTtcCents: row.totalCents });

    const shopperPage = await page(`/commandes/${id}`);
    expect(shopperPage.text).toContain('La Ruche du Plateau a annulé votre commande.');
    expect(shopperPage.text).toContain('Motif : le producteur n’a pas pu venir');
    expect(shopperPage.text).not.toContain('Le paiement n’a pas abouti');
    const invoicePage = await page(`/commandes/${id}/facture`);
    const noteNumber = formatInvoiceNumber(note!.year, note!.number);
    expect(invoicePage.text).toContain(`Commande annulée : cette facture est annulée par l’avoir n° ${noteNumber}`);
    expect(invoicePage.text).toContain(`href="/commandes/${id}/avoirs/${noteNumber}"`);

    const mail = (await messagesFor(t.conn.db, id)).find((m) => m.topic === 'order.cancelled.shopper');
    expect(mail).toMatchObject({ recipient: row.email, locale: 'fr' });
    expect(JSON.parse(mail!.payload)).toMatchObject({ reason: 'le producteur n’a pas pu venir' });
    const admin = await as(t, elise, 'GET', `/gestion/${HUB}/commandes/${id}`);
    expect(admin.text).toContain('commande annulée — elise.bernard@example.org');
    expect(admin.text).not.toContain('order.cancelled');
  });
});

describe('money back', () => {
  it('records and shows what a hub owes on an offline order already paid, until it is marked handed back', async () => {
    const item = await stocked(10);
    const id = await offlineOrder([{ item, quantity: 3 }]);
    expect((await as(t, elise, 'POST', `/api/manage/hubs/${HUB}/orders/${id}/mark-paid`)).status).toBe(200);
    const row = await orderRow(t.conn.db, id);
    const [line] = await linesOf(row.id);
    expect((await correct(id, { [`q.${line!.id}`]: '1' })).status).toBe(303);
    const owed = row.totalCents - (await orderRow(t.conn.db, id)).totalCents;
    expect(owed).toBe(item.price.priceCents * 2);
    const [back] = await t.conn.db.select().from(moneyBack).where(eq(moneyBack.orderId, row.id));
    expect(back).toMatchObject({ kind: 'offline', state: 'owed', amountCents: owed });

    const admin = await as(t, elise, 'GET', `/gestion/${HUB}/commandes/${id}`);
    expect(admin.text).toMatch(
      new RegExp(`data-testid="owed-total"><strong>Dû au client : ${formatMoney(owed, 'fr').replace(/\s/g, '\\s')}`),
    );
    const shopperPage = await page(`/commandes/${id}`);
    expect(shopperPage.text).toContain(`vous doit ${formatMoney(owed, 'fr')}`);

    const repaid = await as(t, elise, 'POST', `/gestion/${HUB}/commandes/${id}/rendu`, { id: String(back!.id) }, { form: true });
    expect(repaid.status).toBe(303);
    expect((await t.conn.db.select().from(moneyBack).where(eq(moneyBack.id, back!.id)))[0]).toMatchObject({ state: 'repaid' });
    expect((await as(t, elise, 'POST', `/gestion/${HUB}/commandes/${id}/rendu`, { id: String(back!.id) }, { form: true })).status).toBe(
      409,
    );
  });

  it('refunds a card order’s reduction through Stripe, once, even when the correction is sent twice at once', async () => {
    const item = await stocked(10);
    const cartId = await cartWith(t, shop, [[item.variantId, 3]]);
    const placed = await t.call('POST', '/api/orders', cardPaymentBody(shop, cartId));
    expect(placed.status).toBe(201);
    const sessionId = [...fake.sessions.values()].find((s) => s.metadata?.order_id === placed.body.id)!.id;
    expect((await fake.deliver(fake.complete(sessionId))).status).toBe(200);
    const id = placed.body.id as string;
    const row = await orderRow(t.conn.db, id);
    expect(row).toMatchObject({ state: 'placed', paymentState: 'paid' });
    const [line] = await linesOf(row.id);
    const refundsBefore = fake.requests.filter((r) => r.path === '/v1/refunds').length;

    const [a, b] = await Promise.all([correct(id, { [`q.${line!.id}`]: '2' }), correct(id, { [`q.${line!.id}`]: '2' })]);
    expect([a.status, b.status]).toContain(303);
    const refunds = fake.requests.filter((r) => r.path === '/v1/refunds').slice(refundsBefore);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ account: 'acct_demo_ruche_du_plateau' });
    expect(Number(refunds[0]!.params.amount)).toBe(item.price.priceCents);
    expect(await stockOf(t.conn.db, item.variantId)).toBe(8);
    const backs = await t.conn.db.select().from(moneyBack).where(eq(moneyBack.orderId, row.id));
    expect(backs).toEqual([expect.objectContaining({ kind: 'card', state: 'refunded', amountCents: item.price.priceCents })]);
    expect(await orderRow(t.conn.db, id)).toMatchObject({ paymentState: 'paid', totalCents: row.totalCents - item.price.priceCents });

    // Cancelling afterwards refunds what is left, not the whole payment again.
    const cancelled = await as(t, elise, 'POST', `/api/manage/hubs/${HUB}/orders/${id}/cancel`, { reason: 'absent' });
    expect(cancelled.status).toBe(200);
    const all = await t.conn.db.select().from(moneyBack).where(eq(moneyBack.orderId, row.id));
    expect(all.reduce((n, m) => n + m.amountCents, 0)).toBe(row.totalCents);
  });
});

describe('bulk actions', () => {
  it('marks three ticked orders ready at once, each recorded as one order would be', async () => {
    const item = await stocked(10);
    const ids = [
      await offlineOrder([{ item, quantity: 1 }]),
      await offlineOrder([{ item, quantity: 1 }]),
      await offlineOrder([{ item, quantity: 1 }]),
    ];
    const list = await as(t, elise, 'GET', `/gestion/${HUB}/cycles/${shop.hub.open.cycleId}/commandes?tout=1`);
    expect(list.text).toContain('Tout décocher');
    for (const id of ids) expect(list.text).toContain(`value="${id}" checked`);
    const body = new URLSearchParams({ _csrf: elise.csrf, action: 'ready' });
    for (const id of ids) body.append('orders', id);
    const res = await fetch(`${t.url}/gestion/${HUB}/cycles/${shop.hub.open.cycleId}/commandes/par-lot`, {
      method: 'POST',
      headers: { cookie: elise.cookie, origin: t.url, 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).toMatch(/data-testid="bulk-outcome">3 commande\(s\) mise\(s\) à jour\./);
    for (const id of ids) expect(await orderRow(t.conn.db, id)).toMatchObject({ state: 'ready' });
    const entries = await t.conn.db.all<{ n: number }>(
      sql`SELECT count(*) AS n FROM audit_log WHERE action = 'order.ready' AND subject IN (${sql.join(
        ids.map((id) => sql`${'order:' + id}`),
        sql`, `,
      )})`,
    );
    expect(entries[0]!.n).toBe(3);
  });
});
