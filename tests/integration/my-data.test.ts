// « Mes données » against the built worker: the signed-in shopper downloads everything held about them
// (JSON) and their orders (CSV for French spreadsheets), and erases the account: contact data goes,
// the orders and invoices stay whole (ten years, French accounting law) and their pages still render.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../domain/csv.ts';
import { customers, customerTags, invoices, orders, shopperProfiles, shopperSessions } from '../../db/schema/index.ts';
import { offline, pickup } from '../support/checkout.ts';
import { openShops, type DemoShop } from '../support/demo-data.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';
import { shopperCsrf, signInShopper } from '../support/shoppers.ts';

let t: TestWorker;
let ruche: DemoShop;
let cookie: string;
let orderId: string;
const MEMBER = 'marie.chabanne@example.org';

beforeAll(async () => {
  t = await startTestWorker();
  ruche = (await openShops(t.conn.db)).find((s) => s.hub.slug === 'la-ruche-du-plateau')!;
  cookie = await signInShopper(t, MEMBER);
  const cart = (await t.call('POST', '/api/carts', { hub: ruche.hub.slug }, { cookie })).body.id;
  const item = ruche.items.find((i) => !i.onDemand && i.onHand > 3)!;
  expect((await t.call('POST', `/api/carts/${cart}/lines`, { variantId: item.variantId, quantity: 1 }, { cookie })).status).toBe(200);
  const placed = await t.call(
    'POST',
    '/api/orders',
    {
      cartId: cart,
      contact: { name: 'Marie Chabanne', email: MEMBER, phone: '06 39 98 00 01' },
      shippingMethodId: pickup(ruche).id,
      paymentMethodId: offline(ruche).id,
      ...(ruche.options.termsText ? { acceptTerms: true } : {}),
      locale: 'fr',
    },
    { cookie },
  );
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  orderId = placed.body.id;
});
afterAll(() => t?.close());

describe('my data', () => {
  it('exports everything held about the shopper as JSON: customer records with tags, saved details, orders with lines', async () => {
    const res = await t.call('GET', '/compte/mes-donnees.json', undefined, { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('attachment');
    expect(res.body.email).toBe(MEMBER);
    expect(res.body.customerRecords).toContainEqual(expect.objectContaining({ shop: 'La Ruche du Plateau', tags: ['adhérent'] }));
    expect(res.body.profile).toMatchObject({ name: 'Marie Chabanne' });
    const order = res.body.orders.find((o: { publicId: string }) => o.publicId === orderId);
    expect(order.lines).toHaveLength(1);
  });

  it('exports the orders as CSV for French spreadsheets', async () => {
    const res = await fetch(`${t.url}/compte/mes-commandes.csv`, { headers: { cookie } });
    expect(res.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await res.arrayBuffer());
    // The byte-order mark a French spreadsheet needs to read UTF-8 (Response.text() would strip it).
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    const rows = parseCsv(text);
    expect(rows[0]![0]).toBe('Boutique');
    expect(rows.some((r) => r[0] === 'La Ruche du Plateau' && /^\d+,\d\d$/.test(r[8]!))).toBe(true);
  });

  it('refuses the exports without a session', async () => {
    const res = await fetch(`${t.url}/compte/mes-donnees.json`, { redirect: 'manual' });
    expect(res.status).toBe(303);
  });

  it('erases the account: contact data and sessions gone, the invoice intact and the order page still renders', async () => {
    const [before] = await t.conn.db
      .select()
      .from(invoices)
      .where(eq(invoices.orderId, (await orderRow()).id));
    expect(before).toBeTruthy();
    const res = await fetch(`${t.url}/compte/supprimer`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ confirm: 'yes', _csrf: await shopperCsrf(t, cookie) }),
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('conservées dix ans');
    expect(await t.conn.db.select().from(customers).where(eq(customers.email, MEMBER))).toEqual([]);
    expect(await t.conn.db.select().from(shopperSessions).where(eq(shopperSessions.email, MEMBER))).toEqual([]);
    expect(await t.conn.db.select().from(shopperProfiles).where(eq(shopperProfiles.email, MEMBER))).toEqual([]);
    const order = await orderRow();
    const tags = await t.conn.db.select().from(customerTags).where(eq(customerTags.customerId, order.customerId!));
    expect(tags).toEqual([]);
    const [after] = await t.conn.db.select().from(invoices).where(eq(invoices.orderId, order.id));
    expect(after).toEqual(before);
    const page = await fetch(`${t.url}/commandes/${orderId}`);
    expect(page.status).toBe(200);
    const invoice = await fetch(`${t.url}/commandes/${orderId}/facture`);
    expect(invoice.status).toBe(200);
    expect((await t.call('GET', '/api/shoppers/me', undefined, { cookie })).body).toEqual({ signedIn: false });
  });

  it('is explained on a public « Données personnelles » page, in French and English', async () => {
    const fr = await (await fetch(`${t.url}/donnees-personnelles/`)).text();
    expect(fr).toContain('dix ans');
    const en = await (await fetch(`${t.url}/en/personal-data/`)).text();
    expect(en).toContain('ten years');
  });
});

async function orderRow() {
  const [row] = await t.conn.db.select().from(orders).where(eq(orders.publicId, orderId));
  return row!;
}
