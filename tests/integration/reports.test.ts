// The treasurer's reports against the built worker and a real database: fees per enterprise and role,
// VAT per rate and per producer, what each producer is owed, totals per customer — for a cycle, every
// hub of a coordinated cycle, or a period — and each one's totals equal to the sum of the orders after
// pickup day's corrections (a line reduced, one raised, a paid order cancelled, a card refund): the
// invoices, supplementary invoices and credit notes behind them, and what is owed back to shoppers.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, signIn, type Session } from '../support/admin.ts';
import { cardPaymentBody, cartWith, orderRow, variantWithStock } from '../support/checkout.ts';
import type { DemoShop } from '../support/demo-data.ts';
import { startFakeStripe, type FakeStripe } from '../support/fake-stripe.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';
import { placeOrder, shopOf } from '../support/orders.ts';

const HUB = 'la-ruche-du-plateau';
let t: TestWorker;
let fake: FakeStripe;
let elise: Session;
let shop: DemoShop;
let cycle: number;
const SALES = `o.state IN ('placed','ready','collected','delivered')`;

interface Sums {
  orders: number;
  items: number;
  orderFees: number;
  shipping: number;
  vat: number;
  total: number;
  fees: number;
  othersItemFees: number;
}
/** The sums a report must add up to, read straight from the orders of the scope. */
async function sums(where: string): Promise<Sums> {
  const [o] = await t.conn.db.all<Omit<Sums, 'fees' | 'othersItemFees'>>(
    sql.raw(`SELECT count(*) AS orders, sum(items_total_cents) AS items, sum(order_fees_cents) AS orderFees, sum(shipping_cents) AS shipping,
      sum(vat_total_cents) AS vat, sum(total_cents) AS total FROM orders o WHERE ${where} AND ${SALES}`),
  );
  const [f] = await t.conn.db.all<{ fees: number; othersItemFees: number }>(
    sql.raw(`SELECT coalesce(sum(f.amount_cents), 0) AS fees,
      coalesce(sum(CASE WHEN f.order_line_id IS NOT NULL AND f.role <> 'producer' THEN f.amount_cents ELSE 0 END), 0) AS othersItemFees
      FROM order_fees f JOIN orders o ON o.id = f.order_id WHERE ${where} AND ${SALES}`),
  );
  return { ...o!, ...f! };
}
const add = <T>(rows: readonly T[], f: (r: T) => number) => rows.reduce((s, r) => s + f(r), 0);

/** Pickup day's orders, by what happened to them. */
const picked = { reduced: '', raised: '', cancelledPaid: '', refunded: '' };
let refundedCents = 0;

beforeAll(async () => {
  fake = await startFakeStripe();
  t = await startTestWorker({ bindings: fake.bindings });
  fake.webhookUrl = `${t.url}/api/webhooks/stripe`;
  elise = await signIn(t, 'elise.bernard@example.org');
  shop = await shopOf(t, HUB);
  cycle = shop.hub.open.cycleId;
  const used: number[] = [];
  const item = async () => {
    const i = await variantWithStock(t.conn.db, shop, 20, used);
    used.push(i.variantId);
    return i;
  };
  const a = await item();
  const b = await item();
  const c = await item();
  await placeOrder(t, shop, [
    { item: a, quantity: 2 },
    { item: b, quantity: 1 },
  ]);
  await placeOrder(t, shop, [{ item: c, quantity: 3 }], { name: 'Zoé Rapport', email: 'zoe@example.org', phone: '06 00 00 00 01' });
  await placeOrder(t, shop, [{ item: a, quantity: 1 }], { name: 'Zoé Rapport', email: 'ZOE@example.org', phone: '06 00 00 00 01' });
  const cancelled = await placeOrder(t, shop, [{ item: b, quantity: 4 }], {
    name: 'Annulé',
    email: 'annule@example.org',
    phone: '06 00 00 00 02',
  });
  expect((await as(t, elise, 'POST', `/api/manage/hubs/${HUB}/orders/${cancelled}/cancel`, {})).status).toBe(200);

  // Pickup day, through the hub's own forms: every order below was invoiced when placed.
  const lineOf = async (publicId: string) =>
    (
      await t.conn.db.all<{ id: number }>(
        sql`SELECT ol.id FROM order_lines ol JOIN orders o ON o.id = ol.order_id WHERE o.public_id = ${publicId} ORDER BY ol.id`,
      )
    )[0]!.id;
  const correct = async (publicId: string, quantity: number) => {
    const res = await as(
      t,
      elise,
      'POST',
      `/gestion/${HUB}/commandes/${publicId}/corriger`,
      { [`q.${await lineOf(publicId)}`]: String(quantity) },
      { form: true },
    );
    expect(res.status, res.text.slice(0, 300)).toBe(303);
  };
  const markPaid = async (publicId: string) =>
    expect((await as(t, elise, 'POST', `/api/manage/hubs/${HUB}/orders/${publicId}/mark-paid`)).status).toBe(200);
  const d = await item();
  const e = await item();
  // Paid at pickup, then the producer brought one of three: a credit note, 2 items owed back in cash.
  picked.reduced = await placeOrder(
    t,
    shop,
    [
      { item: d, quantity: 3 },
      { item: e, quantity: 1 },
    ],
    {
      name: 'Réduite Payée',
      email: 'reduite@example.org',
      phone: '06 00 00 00 03',
    },
  );
  await markPaid(picked.reduced);
  await correct(picked.reduced, 1);
  // One more than ordered: a supplementary invoice.
  picked.raised = await placeOrder(t, shop, [{ item: e, quantity: 1 }], {
    name: 'Augmentée',
    email: 'augmentee@example.org',
    phone: '06 00 00 00 04',
  });
  await correct(picked.raised, 2);
  // Paid in cash, then cancelled: a credit note for all of it, all of it owed back.
  picked.cancelledPaid = await placeOrder(t, shop, [{ item: d, quantity: 2 }], {
    name: 'Annulée Payée',
    email: 'annulee-payee@example.org',
    phone: '06 00 00 00 05',
  });
  await markPaid(picked.cancelledPaid);
  expect((await as(t, elise, 'POST', `/api/manage/hubs/${HUB}/orders/${picked.cancelledPaid}/cancel`, { reason: 'absente' })).status).toBe(
    200,
  );
  // Paid by card, one of three missing: refunded through Stripe.
  const cartId = await cartWith(t, shop, [[c.variantId, 3]]);
  const placed = await t.call('POST', '/api/orders', cardPaymentBody(shop, cartId));
  expect(placed.status).toBe(201);
  picked.refunded = placed.body.id;
  const session = [...fake.sessions.values()].find((x) => x.metadata?.order_id === picked.refunded)!;
  expect((await fake.deliver(fake.complete(session.id))).status).toBe(200);
  const before = await orderRow(t.conn.db, picked.refunded);
  await correct(picked.refunded, 2);
  refundedCents = before.totalCents - (await orderRow(t.conn.db, picked.refunded)).totalCents;
  expect(refundedCents).toBeGreaterThan(0);
  // A dozen orders placed, corrected and paid through the worker: more than the default minute when the machine is busy.
}, 180_000);
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

describe('money reports of a cycle', () => {
  it('add up to the sum of the cycle’s sales: fees, VAT, what producers are owed, totals per customer', async () => {
    const expected = await sums(`o.hub_id = ${shop.hub.id} AND o.cycle_id = ${cycle}`);
    expect(expected.orders).toBeGreaterThanOrEqual(3);
    expect(expected.fees).toBeGreaterThan(0);
    const get = async (kind: string) => {
      const r = await as(t, elise, 'GET', `/api/manage/hubs/${HUB}/cycles/${cycle}/reports/${kind}`);
      expect(r.status).toBe(200);
      return r.body.rows;
    };
    const fees = await get('fees');
    expect(add(fees, (x: { amountCents: number }) => x.amountCents)).toBe(expected.fees);
    expect(
      add(
        fees.filter((x: { perItem: number }) => !x.perItem),
        (x: { amountCents: number }) => x.amountCents,
      ),
    ).toBe(expected.orderFees);
    expect(new Set(fees.map((x: { role: string }) => x.role)).size).toBeGreaterThan(0);

    const vat = await get('vat');
    expect(add(vat.rates, (x: { vatCents: number }) => x.vatCents)).toBe(expected.vat);
    expect(add(vat.rates, (x: { ttcCents: number }) => x.ttcCents)).toBe(expected.total);
    expect(add(vat.producers, (x: { ttcCents: number }) => x.ttcCents)).toBe(expected.items);

    const payouts = await get('payouts');
    expect(add(payouts, (x: { salesCents: number }) => x.salesCents)).toBe(expected.items);
    expect(add(payouts, (x: { othersFeesCents: number }) => x.othersFeesCents)).toBe(expected.othersItemFees);
    expect(add(payouts, (x: { owedCents: number }) => x.owedCents)).toBe(expected.items - expected.othersItemFees);

    const customers = await get('customers');
    expect(add(customers, (x: { totalCents: number }) => x.totalCents)).toBe(expected.total);
    expect(add(customers, (x: { orders: number }) => x.orders)).toBe(expected.orders);
    // One shopper whatever the case of her e-mail; the cancelled order is no sale.
    expect(customers.filter((x: { shopperName: string }) => x.shopperName === 'Zoé Rapport')).toHaveLength(1);
    expect(customers.find((x: { shopperName: string }) => x.shopperName === 'Zoé Rapport').orders).toBe(2);
    expect(customers.some((x: { shopperName: string }) => x.shopperName === 'Annulé')).toBe(false);
  });

  it('shows each report on a printable page with its total, in French and English', async () => {
    const expected = await sums(`o.hub_id = ${shop.hub.id} AND o.cycle_id = ${cycle}`);
    const euros = (c: number, l: string) => new Intl.NumberFormat(l, { style: 'currency', currency: 'EUR' }).format(c / 100);
    for (const [path, text] of [
      [`/gestion/${HUB}/cycles/${cycle}/rapports/marges-et-commissions`, 'Marges et commissions par entreprise'],
      [`/gestion/${HUB}/cycles/${cycle}/rapports/tva`, 'Par taux, comme sur les factures'],
      [`/gestion/${HUB}/cycles/${cycle}/rapports/a-reverser`, 'À reverser'],
      [`/gestion/${HUB}/cycles/${cycle}/rapports/clients`, 'Zoé Rapport'],
      [`/en/manage/${HUB}/cycles/${cycle}/reports/customers`, 'Totals per customer'],
    ] as const) {
      const page = await as(t, elise, 'GET', path);
      expect(page.status, path).toBe(200);
      expect(page.text).toContain(text);
      expect(page.text).toContain('data-print');
    }
    const customers = await as(t, elise, 'GET', `/gestion/${HUB}/cycles/${cycle}/rapports/clients`);
    expect(customers.text).toContain(euros(expected.total, 'fr-FR'));
    const english = await as(t, elise, 'GET', `/en/manage/${HUB}/cycles/${cycle}/reports/customers`);
    expect(english.text).toContain(euros(expected.total, 'en-GB'));
  });

  it('gives CSV files French spreadsheets open, whose amounts add up to the orders', async () => {
    const expected = await sums(`o.hub_id = ${shop.hub.id} AND o.cycle_id = ${cycle}`);
    const res = await fetch(`${t.url}/gestion/${HUB}/cycles/${cycle}/rapports/a-reverser.csv`, { headers: { cookie: elise.cookie } });
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/filename="a-reverser-la-ruche-du-plateau-cycle-\d+\.csv"/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = new TextDecoder().decode(bytes.slice(3)).trim().split('\r\n');
    expect(header).toBe('producteur;boutique;ventes_ttc;marges_retenues_ttc;a_reverser_ttc');
    const cents = (s: string) => Math.round(Number(s.replace(',', '.')) * 100);
    for (const r of rows) expect(r).toMatch(/;\d+,\d\d;\d+,\d\d;\d+,\d\d$/);
    expect(add(rows, (r) => cents(r.split(';')[4]!))).toBe(expected.items - expected.othersItemFees);

    const fees = await as(t, elise, 'GET', `/api/manage/hubs/${HUB}/cycles/${cycle}/reports/fees.csv`);
    const [feeHeader, ...feeRows] = fees.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(feeHeader).toBe('entreprise;role;marge;sur;taux_tva;commandes;montant_ht;tva;montant_ttc');
    expect(add(feeRows, (r) => cents(r.split(';').at(-1)!))).toBe(expected.fees);
  });
});

interface DocumentRow {
  rateBp: number;
  invoicedTtcCents: number;
  creditedTtcCents: number;
  invoicedVatCents: number;
  creditedVatCents: number;
}
interface PaymentRow {
  publicId: string;
  totalCents: number;
  backCents: number;
  owedBackCents: number;
}

describe('money reports after pickup day’s corrections', () => {
  const money = (c: number) => new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(c / 100);
  const report = async (kind: string, query = '') => {
    const r = await as(t, elise, 'GET', `/api/manage/hubs/${HUB}/cycles/${cycle}/reports/${kind}${query}`);
    expect(r.status).toBe(200);
    return r.body.rows;
  };
  const owedBack = async (publicId: string) =>
    (
      await t.conn.db.all<{ cents: number }>(
        sql`SELECT coalesce(sum(mb.amount_cents), 0) AS cents FROM money_back mb JOIN orders o ON o.id = mb.order_id WHERE o.public_id = ${publicId} AND mb.state = 'owed'`,
      )
    )[0]!.cents;

  it('counts each corrected order at its corrected total, and a cancelled one only for what is owed back', async () => {
    const customers: Array<{ email: string; orders: number; totalCents: number; paidCents: number; owedBackCents: number }> =
      await report('customers');
    const of = (email: string) => customers.find((x) => x.email === email)!;
    const reduced = await orderRow(t.conn.db, picked.reduced);
    expect(of('reduite@example.org')).toMatchObject({ orders: 1, totalCents: reduced.totalCents, paidCents: reduced.totalCents });
    const owedOnReduced = await owedBack(picked.reduced);
    expect(owedOnReduced).toBeGreaterThan(0);
    expect(of('reduite@example.org').owedBackCents).toBe(owedOnReduced);
    expect(of('augmentee@example.org').totalCents).toBe((await orderRow(t.conn.db, picked.raised)).totalCents);
    const cancelledPaid = await orderRow(t.conn.db, picked.cancelledPaid);
    expect(of('annulee-payee@example.org')).toMatchObject({ orders: 0, totalCents: 0, owedBackCents: cancelledPaid.totalCents });

    const page = await as(t, elise, 'GET', `/gestion/${HUB}/cycles/${cycle}/rapports/clients`);
    expect(page.text).toContain('À rendre');
    expect(page.text).toContain(money(owedOnReduced + cancelledPaid.totalCents));
  });

  it('shows the invoices, supplementary invoices and credit notes per rate, whose net is the sales after corrections', async () => {
    const vat: { rates: Array<{ rateBp: number; ttcCents: number }>; documents: DocumentRow[]; counts: Record<string, number> } =
      await report('vat');
    const [n] = await t.conn.db.all<{ invoices: number; supplements: number; notes: number }>(
      sql`SELECT (SELECT count(*) FROM invoices i JOIN orders o ON o.id = i.order_id WHERE o.cycle_id = ${cycle} AND o.hub_id = ${shop.hub.id} AND i.supplements_invoice_id IS NULL) AS invoices,
        (SELECT count(*) FROM invoices i JOIN orders o ON o.id = i.order_id WHERE o.cycle_id = ${cycle} AND o.hub_id = ${shop.hub.id} AND i.supplements_invoice_id IS NOT NULL) AS supplements,
        (SELECT count(*) FROM credit_notes c JOIN orders o ON o.id = c.order_id WHERE o.cycle_id = ${cycle} AND o.hub_id = ${shop.hub.id}) AS notes`,
    );
    // Two cancellations and two corrections downwards; one upwards.
    expect(n!.notes).toBeGreaterThanOrEqual(4);
    expect(n!.supplements).toBeGreaterThanOrEqual(1);
    expect(vat.counts).toEqual({ invoices: n!.invoices, supplements: n!.supplements, creditNotes: n!.notes });
    // Per rate, invoiced minus credited is what the sales after corrections charge.
    const sales = new Map(vat.rates.map((r) => [r.rateBp, r.ttcCents]));
    for (const d of vat.documents) expect(d.invoicedTtcCents - d.creditedTtcCents, `rate ${d.rateBp}`).toBe(sales.get(d.rateBp) ?? 0);
    expect(add(vat.documents, (d) => d.creditedTtcCents)).toBeGreaterThan(0);
    // Credit notes as issued: their totals, read from the documents themselves.
    const [credited] = await t.conn.db.all<{ ttc: number }>(
      sql`SELECT sum(c.total_ttc_cents) AS ttc FROM credit_notes c JOIN orders o ON o.id = c.order_id WHERE o.cycle_id = ${cycle} AND o.hub_id = ${shop.hub.id}`,
    );
    expect(add(vat.documents, (d) => d.creditedTtcCents)).toBe(credited!.ttc);

    const page = await as(t, elise, 'GET', `/gestion/${HUB}/cycles/${cycle}/rapports/tva`);
    expect(page.text).toContain('Factures et avoirs émis');
    expect(page.text).toContain(`${n!.notes} avoir(s)`);
    const english = await as(t, elise, 'GET', `/en/manage/${HUB}/cycles/${cycle}/reports/vat`);
    expect(english.text).toContain(`${n!.notes} credit note(s)`);
  });

  it('lists what went back to each shopper and what is still owed, on screen and in the CSV', async () => {
    const rows: PaymentRow[] = await report('payments');
    const row = (id: string) => rows.find((x) => x.publicId === id)!;
    expect(row(picked.refunded)).toMatchObject({ backCents: refundedCents, owedBackCents: 0 });
    const cancelledPaid = await orderRow(t.conn.db, picked.cancelledPaid);
    expect(row(picked.cancelledPaid)).toMatchObject({
      totalCents: cancelledPaid.totalCents,
      backCents: 0,
      owedBackCents: cancelledPaid.totalCents,
    });
    expect(row(picked.reduced).owedBackCents).toBe(await owedBack(picked.reduced));
    const owed = add(rows, (x) => x.owedBackCents);
    const [inDb] = await t.conn.db.all<{ cents: number }>(
      sql`SELECT sum(mb.amount_cents) AS cents FROM money_back mb JOIN orders o ON o.id = mb.order_id WHERE o.cycle_id = ${cycle} AND o.hub_id = ${shop.hub.id} AND mb.state = 'owed'`,
    );
    expect(owed).toBe(inDb!.cents);

    const page = await as(t, elise, 'GET', `/gestion/${HUB}/cycles/${cycle}/rapports/paiements`);
    expect(page.text).toContain(`À rendre aux clients : ${money(owed)}`);
    const csv = await as(t, elise, 'GET', `/gestion/${HUB}/cycles/${cycle}/rapports/paiements.csv`);
    const [header, ...lines] = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(header).toBe('reference;client;moyen;etat;montant_ttc;rendu_ttc;a_rendre_ttc');
    const cents = (s: string) => Math.round(Number(s.replace(',', '.')) * 100);
    expect(add(lines, (l) => cents(l.split(';').at(-1)!))).toBe(owed);
    expect(add(lines, (l) => cents(l.split(';').at(-2)!))).toBe(add(rows, (x) => x.backCents));
  });

  it('adds up the same over the period the orders and their documents fall in', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(Date.now());
    const r = await as(t, elise, 'GET', `/api/manage/hubs/${HUB}/reports/vat?from=${today}&to=${today}`);
    expect(r.status).toBe(200);
    const sales = new Map<number, number>(r.body.rows.rates.map((x: { rateBp: number; ttcCents: number }) => [x.rateBp, x.ttcCents]));
    for (const d of r.body.rows.documents as DocumentRow[]) expect(d.invoicedTtcCents - d.creditedTtcCents).toBe(sales.get(d.rateBp) ?? 0);
    expect(r.body.rows.counts.creditNotes).toBeGreaterThanOrEqual(4);
  });
});

describe('reports across hubs and over a period', () => {
  it('reads every hub of the cycle for its coordinator, and refuses the others', async () => {
    const [c] = await t.conn.db.all<{ coordinatorId: number; slug: string }>(
      sql`SELECT oc.coordinator_id AS coordinatorId, e.slug FROM order_cycles oc JOIN enterprises e ON e.id = oc.coordinator_id WHERE oc.id = ${cycle}`,
    );
    const all = await sums(`o.cycle_id = ${cycle}`);
    if (c!.slug === HUB) {
      const r = await as(t, elise, 'GET', `/api/manage/hubs/${HUB}/cycles/${cycle}/reports/customers?hubs=all`);
      expect(r.status).toBe(200);
      expect(add(r.body.rows, (x: { totalCents: number }) => x.totalCents)).toBe(all.total);
      const page = await as(t, elise, 'GET', `/gestion/${HUB}/cycles/${cycle}/rapports/a-reverser?hubs=all`);
      expect(page.text).toContain('toutes les boutiques');
    } else {
      const r = await as(t, elise, 'GET', `/api/manage/hubs/${HUB}/cycles/${cycle}/reports/customers?hubs=all`);
      expect(r.status).toBe(403);
    }
  });

  it('refuses every hub of a cycle to a hub that only sells in it', async () => {
    const [other] = await t.conn.db.all<{ cycleId: number }>(
      sql`SELECT co.cycle_id AS cycleId FROM cycle_outgoing co JOIN order_cycles oc ON oc.id = co.cycle_id
        WHERE co.hub_id = ${shop.hub.id} AND oc.coordinator_id <> ${shop.hub.id} LIMIT 1`,
    );
    if (!other) {
      // The demo's hub coordinates all its cycles: make one coordinated by another enterprise.
      const [e] = await t.conn.db.all<{ id: number }>(sql`SELECT id FROM enterprises WHERE id <> ${shop.hub.id} AND is_hub = 1 LIMIT 1`);
      await t.conn.db.run(
        sql`UPDATE order_cycles SET coordinator_id = ${e!.id} WHERE id = (SELECT cycle_id FROM cycle_outgoing WHERE hub_id = ${shop.hub.id} AND cycle_id <> ${cycle} LIMIT 1)`,
      );
    }
    const [x] = await t.conn.db.all<{ cycleId: number }>(
      sql`SELECT co.cycle_id AS cycleId FROM cycle_outgoing co JOIN order_cycles oc ON oc.id = co.cycle_id
        WHERE co.hub_id = ${shop.hub.id} AND oc.coordinator_id <> ${shop.hub.id} LIMIT 1`,
    );
    const r = await as(t, elise, 'GET', `/api/manage/hubs/${HUB}/cycles/${x!.cycleId}/reports/vat?hubs=all`);
    expect(r.status).toBe(403);
    const own = await as(t, elise, 'GET', `/api/manage/hubs/${HUB}/cycles/${x!.cycleId}/reports/vat`);
    expect(own.status).toBe(200);
  });

  it('adds up over a period of placement, in Paris days', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(Date.now());
    const [range] = await t.conn.db.all<{ from: number; to: number }>(
      sql`SELECT min(placed_at) AS "from", max(placed_at) AS "to" FROM orders WHERE hub_id = ${shop.hub.id} AND placed_at IS NOT NULL`,
    );
    const from = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(range!.from);
    const expected = await sums(`o.hub_id = ${shop.hub.id} AND o.placed_at IS NOT NULL`);
    const r = await as(t, elise, 'GET', `/api/manage/hubs/${HUB}/reports/vat?from=${from}&to=${today}`);
    expect(r.status).toBe(200);
    expect(add(r.body.rows.rates, (x: { vatCents: number }) => x.vatCents)).toBe(expected.vat);
    expect(add(r.body.rows.rates, (x: { ttcCents: number }) => x.ttcCents)).toBe(expected.total);
    // A day with no order has nothing in it.
    const empty = await as(t, elise, 'GET', `/api/manage/hubs/${HUB}/reports/customers?from=2001-01-01&to=2001-01-31`);
    expect(empty.body.rows).toEqual([]);
    const page = await as(t, elise, 'GET', `/gestion/${HUB}/rapports/clients?from=${from}&to=${today}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Zoé Rapport');
    const csv = await fetch(`${t.url}/gestion/${HUB}/rapports/tva.csv?from=${from}&to=${today}`, { headers: { cookie: elise.cookie } });
    expect(csv.headers.get('content-disposition')).toContain(`tva-la-ruche-du-plateau-${from}_${today}.csv`);
  });

  it('re-shows the period form with what was typed and why when a date is wrong', async () => {
    const page = await as(t, elise, 'GET', `/gestion/${HUB}/rapports/tva?from=2026-13-01&to=2026-11-30`);
    expect(page.status).toBe(422);
    expect(page.text).toContain('value="2026-13-01"');
    expect(page.text).toContain('Date de début attendue');
    const backwards = await as(t, elise, 'GET', `/api/manage/hubs/${HUB}/reports/vat?from=2026-11-30&to=2026-11-01`);
    expect(backwards.status).toBe(422);
    expect(JSON.stringify(backwards.body)).toMatch(/"field":"(from|to)"/);
    const chooser = await as(t, elise, 'GET', `/gestion/${HUB}/rapports?kind=a-reverser&from=2026-11-01&to=2026-11-30`);
    expect(chooser.status).toBe(303);
    expect(chooser.headers.get('location')).toBe(`/gestion/${HUB}/rapports/a-reverser?from=2026-11-01&to=2026-11-30`);
  });
});
