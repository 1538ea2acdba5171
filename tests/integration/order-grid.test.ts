// Pickup day through the grid of a cycle's orders, as a hub manager does it on the back office's
// plain form: a weighed chicken re-priced and a missing item removed in one save (credit note with
// the next number, supplementary invoice, stock back, shoppers told), a refused change shown again
// with what was typed while the other orders are saved, bulk actions on ticked orders, and the same
// through the JSON API (field messages in problem+json, tokens, another hub kept out).
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cycleFeeList, type ShopItem } from '../../db/catalog/shop.ts';
import { creditNotes, invoiceCounters, invoices } from '../../db/schema/index.ts';
import { shelfPrice } from '../../domain/pricing.ts';
import { as, signIn, type Session } from '../support/admin.ts';
import { messagesFor, orderRow, stockOf, variantWithStock } from '../support/checkout.ts';
import type { DemoShop } from '../support/demo-data.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';
import { placeOrder, shopOf } from '../support/orders.ts';

const HUB = 'la-ruche-du-plateau';
let t: TestWorker;
let elise: Session;
let thomas: Session;
let shop: DemoShop;
let grid: string;
const used: number[] = [];

beforeAll(async () => {
  t = await startTestWorker();
  elise = await signIn(t, 'elise.bernard@example.org');
  thomas = await signIn(t, 'thomas.lefevre@example.org');
  shop = await shopOf(t, HUB);
  grid = `/gestion/${HUB}/cycles/${shop.hub.open.cycleId}/grille`;
});
afterAll(async () => {
  await t?.close();
});

let shopper = 0;
async function order(lines: Array<{ item: ShopItem; quantity: number }>) {
  shopper += 1;
  return placeOrder(t, shop, lines, {
    name: `Grille ${String(shopper).padStart(2, '0')}`,
    email: `grille${shopper}@example.org`,
    phone: '06 11 22 33 44',
  });
}
async function stocked(onHand: number) {
  const item = await variantWithStock(t.conn.db, shop, onHand, used);
  used.push(item.variantId);
  return item;
}
const linesOf = (publicId: string) =>
  t.conn.db.all<{ id: number; variant_id: number; quantity: number; line_total_cents: number; unit_value: number }>(
    sql`SELECT l.id, l.variant_id, l.quantity, l.line_total_cents, l.unit_value FROM order_lines l JOIN orders o ON o.id = l.order_id
      WHERE o.public_id = ${publicId} ORDER BY l.id`,
  );
/** The grid's form as the browser posts it: every shown order, every line's quantity as shown, the changes on top. */
async function gridForm(ids: string[], changes: Record<string, string>) {
  const body = new URLSearchParams({ _csrf: elise.csrf });
  for (const id of ids) {
    body.append('order', id);
    body.append(`v.${id}`, String((await orderRow(t.conn.db, id)).updatedAt));
    for (const l of await linesOf(id)) body.append(`q.${l.id}`, String(l.quantity));
  }
  for (const [k, val] of Object.entries(changes)) body.set(k, val);
  return body;
}
const post = (path: string, body: URLSearchParams, who: Session = elise) =>
  fetch(t.url + path, {
    method: 'POST',
    headers: { cookie: who.cookie, origin: t.url, 'content-type': 'application/x-www-form-urlencoded' },
    body,
    redirect: 'manual',
  });
const lastNumber = async () =>
  (
    await t.conn.db.select({ n: invoiceCounters.lastNumber }).from(invoiceCounters).where(eq(invoiceCounters.enterpriseId, shop.hub.id))
  ).reduce((m, r) => Math.max(m, r.n), 0);
const invoicesOf = async (publicId: string) =>
  t.conn.db
    .select()
    .from(invoices)
    .where(eq(invoices.orderId, (await orderRow(t.conn.db, publicId)).id))
    .orderBy(invoices.id);

describe('the pickup-day grid', () => {
  it('weighs a chicken and removes a missing item in one save: re-priced on its €/kg, credit note with the next number, stock back', async () => {
    const chicken = shop.items.find((i) => i.unitKind === 'weight' && !i.onDemand && i.onHand > 0 && !used.includes(i.variantId))!;
    expect(chicken, 'a product sold by weight in the demo shop').toBeTruthy();
    used.push(chicken.variantId);
    const kept = await stocked(10);
    const missing = await stocked(10);
    const weighedOrder = await order([
      { item: chicken, quantity: 1 },
      { item: kept, quantity: 1 },
    ]);
    const shortOrder = await order([
      { item: kept, quantity: 2 },
      { item: missing, quantity: 3 },
    ]);
    expect(await stockOf(t.conn.db, missing.variantId)).toBe(7);

    const page = await as(t, elise, 'GET', `${grid}?q=Grille`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Grille de retrait');
    for (const id of [weighedOrder, shortOrder]) expect(page.text).toContain(`name="order" value="${id}"`);
    const [chickenLine] = (await linesOf(weighedOrder)).filter((l) => l.variant_id === chicken.variantId);
    const [, missingLine] = await linesOf(shortOrder);
    expect(page.text).toContain(`name="kg.${chickenLine!.id}"`);

    const last = await lastNumber();
    const before = await orderRow(t.conn.db, weighedOrder);
    const shortBefore = await orderRow(t.conn.db, shortOrder);
    const grams = chicken.unitValue + 300;
    const res = await post(
      `${grid}?q=Grille`,
      await gridForm([weighedOrder, shortOrder], {
        [`kg.${chickenLine!.id}`]: String(grams / 1000).replace('.', ','),
        [`q.${missingLine!.id}`]: '0',
      }),
    );
    expect(res.status, (await res.clone().text()).slice(0, 400)).toBe(303);
    expect(res.headers.get('location')).toBe(`${grid}?q=Grille&ok=2`);
    const after = await as(t, elise, 'GET', res.headers.get('location')!);
    expect(after.text).toContain('2 commande(s) modifiée(s) ; les clients sont prévenus par e-mail.');

    // The chicken at its real weight, priced as the shelf would: the producer's €/kg, then the cycle's fees.
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
    const [weighed] = (await linesOf(weighedOrder)).filter((l) => l.variant_id === chicken.variantId);
    expect(weighed).toMatchObject({ unit_value: grams, line_total_cents: expected.priceCents });
    const added = expected.priceCents - chickenLine!.line_total_cents;
    expect((await orderRow(t.conn.db, weighedOrder)).totalCents).toBe(before.totalCents + added);
    const docs = await invoicesOf(weighedOrder);
    expect(docs).toHaveLength(2);
    expect(docs[1]).toMatchObject({ supplementsInvoiceId: docs[0]!.id, totalTtcCents: added });

    // The missing item: its stock back, a credit note on the original invoice; the other line untouched.
    expect(await stockOf(t.conn.db, missing.variantId)).toBe(10);
    expect(await linesOf(shortOrder)).toHaveLength(1);
    const [first] = await invoicesOf(shortOrder);
    const [note] = await t.conn.db.select().from(creditNotes).where(eq(creditNotes.orderId, shortBefore.id));
    expect(note).toMatchObject({ invoiceId: first!.id, cause: 'corrected', totalTtcCents: missingLine!.line_total_cents });
    // Numbered in the hub's one sequence, right after what was issued before this save.
    expect([docs[1]!.number, note!.number].sort((a, b) => a - b)).toEqual([last + 1, last + 2]);
    expect((await orderRow(t.conn.db, shortOrder)).totalCents).toBe(shortBefore.totalCents - missingLine!.line_total_cents);

    // Both shoppers are told; the grid shows the orders as they are now.
    for (const id of [weighedOrder, shortOrder])
      expect((await messagesFor(t.conn.db, id)).map((m) => m.topic)).toContain('order.corrected.shopper');
    expect(after.text).not.toContain(`name="q.${missingLine!.id}"`);
    expect(after.text).toContain('pesé : ');
  });

  it('shows a refused change again with what was typed and why, and saves the other orders', async () => {
    const scarce = await stocked(1);
    const plenty = await stocked(10);
    const refusedOrder = await order([{ item: scarce, quantity: 1 }]);
    const savedOrder = await order([{ item: plenty, quantity: 3 }]);
    const badOrder = await order([{ item: plenty, quantity: 1 }]);
    expect(await stockOf(t.conn.db, scarce.variantId)).toBe(0);
    const [scarceLine] = await linesOf(refusedOrder);
    const [savedLine] = await linesOf(savedOrder);
    const [badLine] = await linesOf(badOrder);
    const refusedBefore = await orderRow(t.conn.db, refusedOrder);

    const res = await post(
      grid,
      await gridForm([refusedOrder, savedOrder, badOrder], {
        [`q.${scarceLine!.id}`]: '3',
        [`q.${savedLine!.id}`]: '2',
        [`q.${badLine!.id}`]: 'deux',
      }),
    );
    const text = await res.text();
    expect(res.status).toBe(422);
    // The refused orders keep what was typed, with their messages; the summary names them.
    expect(text).toContain(`name="q.${scarceLine!.id}" inputmode="numeric" size="2" value="3"`);
    expect(text).toContain('Pas assez de stock pour cette quantité.');
    expect(text).toContain('Stock insuffisant : rien n’a été modifié.');
    expect(text).toContain(`name="q.${badLine!.id}" inputmode="numeric" size="2" value="deux"`);
    expect(text).toContain('Un nombre entier, 0 pour retirer la ligne.');
    expect(text).toContain('data-testid="grid-refused"');
    expect(text).toContain('1 commande(s) modifiée(s)');
    // Nothing changed for the refused ones; the other order is saved and shown as it is now.
    expect(await stockOf(t.conn.db, scarce.variantId)).toBe(0);
    expect(await orderRow(t.conn.db, refusedOrder)).toMatchObject({ totalCents: refusedBefore.totalCents });
    expect((await linesOf(badOrder))[0]!.quantity).toBe(1);
    expect((await linesOf(savedOrder))[0]!.quantity).toBe(2);
    expect(await stockOf(t.conn.db, plenty.variantId)).toBe(10 - 1 - 2);
    expect(text).toContain(`name="q.${savedLine!.id}" inputmode="numeric" size="2" value="2"`);
  });

  it('refuses to save over a change made meanwhile: the order is shown as it is now, with what was typed', async () => {
    const item = await stocked(10);
    const id = await order([
      { item, quantity: 3 },
      { item: await stocked(10), quantity: 1 },
    ]);
    const [first, second] = await linesOf(id);
    // The grid is loaded (versions as shown), then someone removes a line from the order page.
    const shown = await gridForm([id], { [`q.${second!.id}`]: '2' });
    const elsewhere = await as(t, elise, 'POST', `/gestion/${HUB}/commandes/${id}/corriger`, { [`q.${first!.id}`]: '1' }, { form: true });
    expect(elsewhere.status).toBe(303);
    const res = await post(grid, shown);
    const text = await res.text();
    expect(res.status).toBe(422);
    expect(text).toContain('Cette commande a été modifiée entre-temps');
    expect(text).toContain(`name="q.${second!.id}" inputmode="numeric" size="2" value="2"`);
    // The other change stands (the grid's « 3 » did not undo it) and the grid's own was not applied.
    expect((await linesOf(id)).map((l) => l.quantity)).toEqual([1, 1]);
    expect(await stockOf(t.conn.db, item.variantId)).toBe(9);
  });

  it('saving an unchanged grid changes nothing and says so', async () => {
    const item = await stocked(5);
    const id = await order([{ item, quantity: 1 }]);
    const before = await orderRow(t.conn.db, id);
    const res = await post(grid, await gridForm([id], {}));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${grid}?ok=0`);
    expect(await orderRow(t.conn.db, id)).toMatchObject({ totalCents: before.totalCents, updatedAt: before.updatedAt });
  });

  it('marks ticked orders paid, then collected, from the grid; an order already paid is listed as refused', async () => {
    const item = await stocked(10);
    const ids = [await order([{ item, quantity: 1 }]), await order([{ item, quantity: 1 }])];
    const ticked = await as(t, elise, 'GET', `${grid}?tout=1`);
    for (const id of ids) expect(ticked.text).toContain(`name="orders" value="${id}" checked`);

    const pay = new URLSearchParams({ _csrf: elise.csrf, action: 'paid' });
    for (const id of ids) pay.append('orders', id);
    const paid = await post(`${grid}/par-lot`, pay);
    expect(paid.status).toBe(200);
    expect(await paid.text()).toMatch(/data-testid="bulk-outcome">2 commande\(s\) mise\(s\) à jour\./);
    for (const id of ids) expect(await orderRow(t.conn.db, id)).toMatchObject({ paymentState: 'paid' });

    const again = await post(`${grid}/par-lot`, pay);
    expect(await again.text()).toMatch(/data-testid="bulk-outcome">0 commande\(s\) mise\(s\) à jour\. Refusées : /);

    const collect = new URLSearchParams({ _csrf: elise.csrf, action: 'handed-over' });
    for (const id of ids) collect.append('orders', id);
    expect((await post(`${grid}/par-lot`, collect)).status).toBe(200);
    for (const id of ids) expect(await orderRow(t.conn.db, id)).toMatchObject({ state: 'collected' });

    // Nothing ticked: the grid again with the reason, not an error page.
    const none = await post(`${grid}/par-lot`, new URLSearchParams({ _csrf: elise.csrf, action: 'ready' }));
    expect(none.status).toBe(422);
    const noneText = await none.text();
    expect(noneText).toContain('Cochez au moins une commande.');
    expect(noneText).toContain('data-testid="grid"');
  });

  it('is there in English, and another hub’s manager does not see it', async () => {
    const en = await as(t, elise, 'GET', `/en/manage/${HUB}/cycles/${shop.hub.open.cycleId}/grid`);
    expect(en.status).toBe(200);
    expect(en.text).toContain('Pickup grid');
    expect(en.text).toContain('Save the grid');
    const list = await as(t, elise, 'GET', `/gestion/${HUB}/cycles/${shop.hub.open.cycleId}/commandes`);
    expect(list.text).toContain(`href="${grid}"`);
    expect((await as(t, thomas, 'GET', grid)).status).toBe(403);
    expect((await as(t, null, 'GET', grid)).status).toBe(303);
  });
});

describe('the JSON API for corrections and bulk actions', () => {
  const api = `/api/manage/hubs/${HUB}`;

  it('corrects one order, answering bad input with problem+json and field messages', async () => {
    const item = await stocked(10);
    const id = await order([
      { item, quantity: 2 },
      { item: await stocked(10), quantity: 1 },
    ]);
    const [line] = await linesOf(id);

    const bad = await as(t, elise, 'POST', `${api}/orders/${id}/corrections`, {
      changes: [{ kind: 'quantity', lineId: line!.id, quantity: -1 }],
    });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.body.errors).toEqual([{ field: 'changes.0.quantity', message: 'Une quantité de 0 (retirer la ligne) ou plus.' }]);
    const unknown = await as(t, elise, 'POST', `${api}/orders/${id}/corrections`, {
      changes: [{ kind: 'quantity', lineId: 1, quantity: 0 }],
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors).toEqual([{ field: 'changes.0', message: 'Ligne inconnue.' }]);
    const extra = await as(t, elise, 'POST', `${api}/orders/${id}/corrections`, { changes: [], note: 'x' });
    expect(extra.status).toBe(422);

    const before = await orderRow(t.conn.db, id);
    const ok = await as(t, elise, 'POST', `${api}/orders/${id}/corrections`, {
      changes: [{ kind: 'quantity', lineId: line!.id, quantity: 1 }],
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({
      id,
      totalCents: before.totalCents - line!.line_total_cents / 2,
      creditedCents: line!.line_total_cents / 2,
    });
    expect(await stockOf(t.conn.db, item.variantId)).toBe(9);
  });

  it('refuses a correction over an order changed since the version the client read, with 409 or a per-order refusal', async () => {
    const item = await stocked(10);
    const id = await order([
      { item, quantity: 3 },
      { item: await stocked(10), quantity: 1 },
    ]);
    const other = await order([{ item, quantity: 2 }]);
    const [first, second] = await linesOf(id);
    const [otherLine] = await linesOf(other);
    const read = await as(t, elise, 'GET', `${api}/cycles/${shop.hub.open.cycleId}/grid?q=Grille`);
    const versionOf = (x: string) => read.body.orders.find((o: { publicId: string }) => o.publicId === x).updatedAt as number;
    // Someone corrects the order after the client read it.
    const elsewhere = await as(t, elise, 'POST', `${api}/orders/${id}/corrections`, {
      changes: [{ kind: 'quantity', lineId: first!.id, quantity: 1 }],
    });
    expect(elsewhere.status).toBe(200);

    const stale = await as(t, elise, 'POST', `${api}/orders/${id}/corrections`, {
      changes: [{ kind: 'quantity', lineId: second!.id, quantity: 2 }],
      version: versionOf(id),
    });
    expect(stale.status).toBe(409);
    expect(stale.headers.get('content-type')).toContain('application/problem+json');
    expect(stale.body.code).toBe('STATE_CONFLICT');
    expect((await linesOf(id)).map((l) => l.quantity)).toEqual([1, 1]);
    const several = await as(t, elise, 'POST', `${api}/cycles/${shop.hub.open.cycleId}/corrections`, {
      orders: [
        { id, changes: [{ kind: 'quantity', lineId: second!.id, quantity: 2 }], version: versionOf(id) },
        { id: other, changes: [{ kind: 'quantity', lineId: otherLine!.id, quantity: 1 }], version: versionOf(other) },
      ],
    });
    expect(several.status, JSON.stringify(several.body)).toBe(200);
    expect(several.body.saved.map((x: { id: string }) => x.id)).toEqual([other]);
    expect(several.body.refused).toEqual([{ id, code: 'STATE_CONFLICT', title: expect.any(String) }]);
    expect((await linesOf(id)).map((l) => l.quantity)).toEqual([1, 1]);
    expect(await stockOf(t.conn.db, item.variantId)).toBe(10 - 1 - 1);

    // At the version as it is now, the same change is saved.
    const now = (await orderRow(t.conn.db, id)).updatedAt;
    const fresh = await as(t, elise, 'POST', `${api}/orders/${id}/corrections`, {
      changes: [{ kind: 'quantity', lineId: second!.id, quantity: 2 }],
      version: now,
    });
    expect(fresh.status, JSON.stringify(fresh.body)).toBe(200);
    expect((await linesOf(id)).map((l) => l.quantity)).toEqual([1, 2]);
    const bad = await as(t, elise, 'POST', `${api}/orders/${id}/corrections`, {
      changes: [{ kind: 'quantity', lineId: second!.id, quantity: 1 }],
      version: 'hier',
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('version');
  });

  it('corrects several orders of a cycle with a token, listing the refused ones; bulk actions the same', async () => {
    const token = await as(t, elise, 'POST', `/api/manage/enterprises/${HUB}/tokens`, { name: 'grille' });
    expect(token.status).toBe(201);
    const bearer = { token: token.body.token as string };
    const scarce = await stocked(1);
    const plenty = await stocked(10);
    const a = await order([{ item: scarce, quantity: 1 }]);
    const b = await order([{ item: plenty, quantity: 2 }]);
    const [la] = await linesOf(a);
    const [lb] = await linesOf(b);

    const res = await as(t, bearer, 'POST', `${api}/cycles/${shop.hub.open.cycleId}/corrections`, {
      orders: [
        { id: a, changes: [{ kind: 'quantity', lineId: la!.id, quantity: 5 }] },
        { id: b, changes: [{ kind: 'quantity', lineId: lb!.id, quantity: 1 }] },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.saved.map((s: { id: string }) => s.id)).toEqual([b]);
    expect(res.body.refused).toEqual([
      {
        id: a,
        code: 'OUT_OF_STOCK',
        title: expect.any(String),
        errors: [{ field: 'changes', message: 'Stock insuffisant : rien n’a été modifié.' }],
      },
    ]);
    expect((await linesOf(b))[0]!.quantity).toBe(1);
    expect((await linesOf(a))[0]!.quantity).toBe(1);

    const dup = await as(t, bearer, 'POST', `${api}/cycles/${shop.hub.open.cycleId}/corrections`, {
      orders: [
        { id: b, changes: [{ kind: 'quantity', lineId: lb!.id, quantity: 1 }] },
        { id: b, changes: [{ kind: 'quantity', lineId: lb!.id, quantity: 1 }] },
      ],
    });
    expect(dup.status).toBe(422);
    expect(dup.body.errors[0].field).toBe('orders');

    const gridJson = await as(t, bearer, 'GET', `${api}/cycles/${shop.hub.open.cycleId}/grid?q=${encodeURIComponent('Grille')}`);
    expect(gridJson.status).toBe(200);
    const shown = gridJson.body.orders.find((o: { publicId: string }) => o.publicId === b);
    expect(shown.lines).toMatchObject([{ id: lb!.id, quantity: 1 }]);
    expect((await as(t, bearer, 'GET', `${api}/cycles/${shop.hub.open.cycleId}/grid?page=x`)).status).toBe(422);

    const bulk = await as(t, bearer, 'POST', `${api}/cycles/${shop.hub.open.cycleId}/orders/bulk`, { action: 'ready', orders: [a, b] });
    expect(bulk.status).toBe(200);
    expect(bulk.body).toEqual({ done: [a, b], refused: [] });
    for (const id of [a, b]) expect(await orderRow(t.conn.db, id)).toMatchObject({ state: 'ready' });
    const badBulk = await as(t, bearer, 'POST', `${api}/cycles/${shop.hub.open.cycleId}/orders/bulk`, { action: 'lost', orders: [] });
    expect(badBulk.status).toBe(422);
    expect(badBulk.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['action', 'orders']);

    // Another hub's manager finds nothing of this hub.
    expect(
      (await as(t, thomas, 'POST', `${api}/cycles/${shop.hub.open.cycleId}/orders/bulk`, { action: 'ready', orders: [a] })).status,
    ).toBe(403);
    expect(
      (await as(t, thomas, 'POST', `${api}/orders/${a}/corrections`, { changes: [{ kind: 'quantity', lineId: la!.id, quantity: 0 }] }))
        .status,
    ).toBe(403);
  });
});
