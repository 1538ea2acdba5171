// Hubs and producers edit and archive their fees, hubs their payment methods, through the back-office
// forms of the built worker in workerd: a new fee is charged at once in the sales under way, at the VAT
// rate chosen; an archived fee or method leaves checkout and new cycles, and stays on a past order.
import { and, desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cycleFees, cycleOutgoingPaymentMethods, enterpriseFees, paymentMethods } from '../../db/schema/index.ts';
import { as, signIn, type Session } from '../support/admin.ts';
import { cartWith, orderBody, variantWithStock } from '../support/checkout.ts';
import type { DemoShop } from '../support/demo-data.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';
import { shopOf } from '../support/orders.ts';

const HUB = 'la-ruche-du-plateau';
const SETTINGS = `/gestion/${HUB}/retrait-et-paiement`;
let t: TestWorker;
let elise: Session;
let ruche: DemoShop;
const used: number[] = [];

beforeAll(async () => {
  t = await startTestWorker();
  elise = await signIn(t, 'elise.bernard@example.org');
  ruche = await shopOf(t, HUB);
});
afterAll(() => t?.close());

async function newCart(quantity = 1) {
  const item = await variantWithStock(t.conn.db, ruche, 100, used);
  used.push(item.variantId);
  return { cartId: await cartWith(t, ruche, [[item.variantId, quantity]]), item };
}
const quote = async (cartId: string) => (await t.call('POST', `/api/carts/${cartId}/quote`, {})).body;
const form = (path: string, body: Record<string, string>) => as(t, elise, 'POST', path, body, { form: true });
const newestFee = async (enterpriseId: number) =>
  (await t.conn.db.select().from(enterpriseFees).where(eq(enterpriseFees.enterpriseId, enterpriseId)).orderBy(desc(enterpriseFees.id)))[0]!;
const orderPage = async (url: string) => (await fetch(t.url + url)).text();

describe('a hub’s fees', () => {
  it('charges a new per-order fee in the open sale at once, at the VAT rate chosen; a change and an archive follow; the past order keeps it', async () => {
    const page = await as(t, elise, 'GET', SETTINGS);
    expect(page.text).toContain('s’applique tout de suite, dans votre boutique, à tous vos cycles de vente qui ne sont pas clos');
    const added = await form(`${SETTINGS}/fees`, {
      name: 'Adhésion à l’association',
      feeType: 'admin',
      calculator: 'flat_per_order',
      amount: '1,50',
      vatRateBp: '1000',
    });
    expect(added.status).toBe(303);
    const fee = await newestFee(ruche.hub.id);
    expect(fee).toMatchObject({ name: 'Adhésion à l’association', amount: 150, vatRateBp: 1000 });
    const joined = await t.conn.db.select().from(cycleFees).where(eq(cycleFees.feeId, fee.id));
    expect(joined.map((j) => j.cycleId)).toContain(ruche.hub.open.cycleId);

    const { cartId } = await newCart();
    expect((await quote(cartId)).orderFees).toContainEqual(
      expect.objectContaining({ name: 'Adhésion à l’association', amountCents: 150, vatRateBp: 1000 }),
    );
    const placed = await t.call('POST', '/api/orders', orderBody(ruche, cartId));
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);

    expect(
      (
        await form(`${SETTINGS}/fees/${fee.id}`, {
          name: 'Adhésion',
          feeType: 'admin',
          calculator: 'flat_per_order',
          amount: '2',
          vatRateBp: '550',
        })
      ).status,
    ).toBe(303);
    const changed = (await quote((await newCart()).cartId)).orderFees;
    expect(changed).toContainEqual(expect.objectContaining({ name: 'Adhésion', amountCents: 200, vatRateBp: 550 }));

    expect((await form(`${SETTINGS}/fees/${fee.id}/archive`, {})).status).toBe(303);
    const after = (await quote((await newCart()).cartId)).orderFees.map((f: { name: string }) => f.name);
    expect(after).not.toContain('Adhésion');
    expect((await as(t, elise, 'GET', SETTINGS)).text).not.toContain(`data-fee="${fee.id}"`);
    // The order placed before keeps the fee it was charged, under its name then.
    const past = await orderPage(placed.body.url);
    expect(past).toContain('Adhésion à l’association');
  });

  it('refuses a VAT rate that is not French, and an unknown fee', async () => {
    const bad = await as(t, elise, 'POST', `/api/manage/hubs/${HUB}/fees`, {
      name: 'Frais',
      feeType: 'admin',
      calculator: 'flat_per_order',
      amount: 100,
      vatRateBp: 1900,
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0]).toMatchObject({ field: 'vatRateBp' });
    const unknown = await as(t, elise, 'DELETE', `/api/manage/hubs/${HUB}/fees/999999`);
    expect(unknown.status).toBe(404);
  });
});

describe('a hub’s payment methods', () => {
  it('edits a payment method in place, and an archived one leaves checkout and new cycles but stays on the past order', async () => {
    expect((await form(`${SETTINGS}/payment`, { name: 'Chèque', kind: 'offline', description: '' })).status).toBe(303);
    const [cheque] = await t.conn.db
      .select()
      .from(paymentMethods)
      .where(and(eq(paymentMethods.hubId, ruche.hub.id), eq(paymentMethods.name, 'Chèque')));
    const { cartId } = await newCart();
    expect((await quote(cartId)).paymentMethods.map((m: { name: string }) => m.name)).toContain('Chèque');
    const placed = await t.call('POST', '/api/orders', orderBody(ruche, cartId, { paymentMethodId: cheque!.id }));
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);

    expect(
      (
        await form(`${SETTINGS}/payment/${cheque!.id}`, {
          name: 'Chèque à l’ordre de la Ruche',
          kind: 'offline',
          description: 'Au retrait',
        })
      ).status,
    ).toBe(303);
    expect((await quote((await newCart()).cartId)).paymentMethods.map((m: { name: string }) => m.name)).toContain(
      'Chèque à l’ordre de la Ruche',
    );

    expect((await form(`${SETTINGS}/payment/${cheque!.id}/archive`, {})).status).toBe(303);
    expect((await quote((await newCart()).cartId)).paymentMethods.map((m: { id: number }) => m.id)).not.toContain(cheque!.id);
    const refused = await t.call('POST', '/api/orders', orderBody(ruche, (await newCart()).cartId, { paymentMethodId: cheque!.id }));
    expect(refused.body.code).toBe('METHOD_UNAVAILABLE');
    // A new cycle of the hub is not offered the archived method.
    await t.conn.db.run(
      sql`INSERT INTO order_cycles (name, coordinator_id, opens_at, closes_at) VALUES ('Test', ${ruche.hub.id}, ${Date.now() + 86_400_000}, ${Date.now() + 2 * 86_400_000})`,
    );
    await t.conn.db.run(sql`INSERT INTO cycle_outgoing (cycle_id, hub_id) VALUES ((SELECT max(id) FROM order_cycles), ${ruche.hub.id})`);
    const offered = await t.conn.db
      .select()
      .from(cycleOutgoingPaymentMethods)
      .where(eq(cycleOutgoingPaymentMethods.outgoingId, sql`(SELECT max(id) FROM cycle_outgoing)`));
    expect(offered.length).toBeGreaterThan(0);
    expect(offered.map((o) => o.methodId)).not.toContain(cheque!.id);
    // The order placed with it still says how it was to be paid (the name it was placed under).
    expect(await orderPage(placed.body.url)).toContain('Chèque');
  });
});

describe('a producer’s fees page', () => {
  it('adds a per-item fee that joins the sales its variants are in, shown in the shelf price; changes and archives it', async () => {
    const { item } = await newCart();
    const producer = (
      await t.conn.db.all<{ slug: string; email: string }>(sql`SELECT e.slug, u.email FROM enterprises e
      JOIN enterprise_managers m ON m.enterprise_id = e.id JOIN users u ON u.id = m.user_id WHERE e.id = ${item.producerId} LIMIT 1`)
    )[0]!;
    const who = await signIn(t, producer.email);
    const PAGE = `/gestion/${producer.slug}/marges`;
    const page = await as(t, who, 'GET', PAGE);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Marges et commissions');
    const add = await as(
      t,
      who,
      'POST',
      PAGE,
      { name: 'Emballage consigné', feeType: 'packing', calculator: 'flat_per_item', amount: '0,30', vatRateBp: '2000' },
      { form: true },
    );
    expect(add.status).toBe(303);
    const fee = await newestFee(item.producerId);
    const joined = await t.conn.db.select().from(cycleFees).where(eq(cycleFees.feeId, fee.id));
    expect(joined).toContainEqual(
      expect.objectContaining({ cycleId: ruche.hub.open.cycleId, role: 'producer', producerId: item.producerId, hubId: null }),
    );
    const cartId = await cartWith(t, ruche, [[item.variantId, 1]]);
    const line = (await quote(cartId)).lines.find((l: { variantId: number }) => l.variantId === item.variantId);
    expect(line.unitPriceCents).toBe(item.price.priceCents + 30);

    expect((await as(t, who, 'POST', `${PAGE}/${fee.id}/archive`, {}, { form: true })).status).toBe(303);
    const again = await cartWith(t, ruche, [[item.variantId, 1]]);
    expect((await quote(again)).lines.find((l: { variantId: number }) => l.variantId === item.variantId).unitPriceCents).toBe(
      item.price.priceCents,
    );
    // Another enterprise's manager cannot touch it.
    expect((await as(t, elise, 'POST', `${PAGE}/${fee.id}/archive`, {}, { form: true })).status).toBe(403);
  });
});

describe('Stripe Connect on a server without Stripe', () => {
  it('refuses « Connecter Stripe » with a message, not a 5xx, and the return page just goes back to the settings', async () => {
    const res = await as(t, elise, 'POST', `${SETTINGS}/stripe/connect`, {}, { form: true });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Stripe n’est pas configuré sur ce serveur');
    const back = await as(t, elise, 'GET', `${SETTINGS}/stripe/return`);
    expect(back.status).toBe(303);
    const refresh = await as(t, elise, 'GET', `${SETTINGS}/stripe/refresh`);
    expect(refresh.status).toBe(303);
    expect(refresh.headers.get('location')).toBe(SETTINGS);
  });
});
