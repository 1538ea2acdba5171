// Each cycle offers some of its hub's methods, and a delivery serves a zone: against the built worker
// in workerd and a real database. The demo Ruche delivers around Felletin (zone, 25 € minimum, free
// from 45 €) in its open cycle; its manager ticks the methods in the cycle form; the migration gives
// every cycle that existed before it all its hub's methods.
import { createClient } from '@libsql/client';
import { and, eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../db/core/client.ts';
import { formatMoney } from '../../domain/money.ts';
import { MIGRATIONS_FOLDER } from '../../db/core/migrate.ts';
import {
  cycleOutgoing,
  cycleOutgoingPaymentMethods,
  cycleOutgoingShippingMethods,
  orders,
  shippingMethods,
} from '../../db/schema/index.ts';
import { as, signIn, type Session } from '../support/admin.ts';
import { cartWith, contact, variantWithStock } from '../support/checkout.ts';
import type { DemoShop } from '../support/demo-data.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';
import { shopOf } from '../support/orders.ts';

const HUB = 'la-ruche-du-plateau';
let t: TestWorker;
let elise: Session;
let ruche: DemoShop;
let delivery: typeof shippingMethods.$inferSelect;
const PICKUP = 1;
const OFFLINE = 1;
const CARD = 2;
const used: number[] = [];

beforeAll(async () => {
  t = await startTestWorker();
  elise = await signIn(t, 'elise.bernard@example.org');
  ruche = await shopOf(t, HUB);
  const [found] = await t.conn.db
    .select()
    .from(shippingMethods)
    .where(and(eq(shippingMethods.hubId, ruche.hub.id), eq(shippingMethods.kind, 'delivery')));
  delivery = found!;
});
afterAll(() => t?.close());

/** A cart whose products come to at least `cents` (one stocked variant, as many as needed). */
async function cartOf(cents: number) {
  const item = await variantWithStock(t.conn.db, ruche, 200, used);
  used.push(item.variantId);
  const quantity = Math.max(1, Math.ceil(cents / item.price.priceCents));
  return { cartId: await cartWith(t, ruche, [[item.variantId, quantity]]), itemsCents: quantity * item.price.priceCents };
}

const order = (cartId: string, over: Record<string, unknown>) =>
  t.call('POST', '/api/orders', { cartId, contact, shippingMethodId: PICKUP, paymentMethodId: OFFLINE, ...over });

const quote = async (cartId: string, shippingMethodId?: number) =>
  (await t.call('POST', `/api/carts/${cartId}/quote`, shippingMethodId ? { shippingMethodId } : {})).body;

const felletin = { line: '2 rue de la Tannerie', postalCode: '23500', city: 'Felletin' };

describe('delivery zones at checkout', () => {
  it('refuses a delivery outside the zone with a problem+json field message, and places one inside', async () => {
    expect(delivery).toMatchObject({ zone: expect.stringContaining('23500'), minOrderCents: 2500, freeFromCents: 4500 });
    const { cartId } = await cartOf(3000);
    const outside = await order(cartId, {
      shippingMethodId: delivery.id,
      address: { line: '12 rue Oberkampf', postalCode: '75011', city: 'Paris' },
    });
    expect(outside.status).toBe(422);
    expect(outside.headers.get('content-type')).toContain('application/problem+json');
    expect(outside.body.code).toBe('VALIDATION');
    expect(outside.body.errors).toEqual([
      {
        field: 'address.postalCode',
        message:
          '« Livraison autour de Felletin » ne livre pas ce code postal. Zone servie : 23500, 23200, Felletin, Aubusson, Saint-Quentin-la-Chabanne.',
      },
    ]);
    expect(await t.conn.db.select().from(orders).where(sql`cart_id = (SELECT id FROM carts WHERE public_id = ${cartId})`)).toEqual([]);

    // A commune listed by name is served whatever its postcode and spelling.
    const inside = await order(cartId, {
      shippingMethodId: delivery.id,
      address: { ...felletin, postalCode: '23480', city: 'saint quentin la chabanne' },
    });
    expect(inside.status, JSON.stringify(inside.body)).toBe(201);
  });

  it('charges the delivery below the free threshold and nothing from it, as quoted', async () => {
    const below = await cartOf(3000);
    expect(below.itemsCents).toBeLessThan(4500);
    const q1 = await quote(below.cartId, delivery.id);
    expect(q1.shipping).toMatchObject({ id: delivery.id, feeCents: 350 });
    expect(q1.shippingMethods.find((m: { id: number }) => m.id === delivery.id)).toMatchObject({
      feeCents: 350,
      freeFromCents: 4500,
      minOrderCents: 2500,
      minimumReached: true,
      zone: '23500, 23200, Felletin, Aubusson, Saint-Quentin-la-Chabanne',
    });

    const above = await cartOf(4600);
    const q2 = await quote(above.cartId, delivery.id);
    expect(q2).toMatchObject({ shippingCents: 0, shipping: { feeCents: 0 }, canPlace: true });
    expect(q2.totalCents).toBe(q2.itemsTotalCents + q2.orderFeesCents);
    const placed = await order(above.cartId, { shippingMethodId: delivery.id, address: felletin });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    expect(placed.body.totalCents).toBe(q2.totalCents);
    const [row] = await t.conn.db.select().from(orders).where(eq(orders.publicId, placed.body.id));
    expect(row).toMatchObject({ shippingCents: 0, shippingName: 'Livraison autour de Felletin', postalCode: '23500' });
  });

  it('asks the delivery’s own minimum, not the pickup’s, and refuses placing below it', async () => {
    const { cartId } = await cartOf(1000);
    const q = await quote(cartId, delivery.id);
    expect(q.itemsTotalCents).toBeLessThan(2500);
    expect(q).toMatchObject({ minOrderCents: 2500, minimumReached: false, canPlace: false });
    expect(await quote(cartId, PICKUP)).toMatchObject({ minOrderCents: 0, minimumReached: true, canPlace: true });
    const refused = await order(cartId, { shippingMethodId: delivery.id, address: felletin });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('MINIMUM_NOT_REACHED');
    expect(refused.body.errors).toEqual([
      {
        field: 'shippingMethodId',
        message: `La commande minimum pour « Livraison autour de Felletin » est de ${formatMoney(2500)} de produits.`,
      },
    ]);
  });

  it('tells when and where the cycle collects', async () => {
    const { cartId } = await cartOf(500);
    const [o] = await t.conn.db.select().from(cycleOutgoing).where(eq(cycleOutgoing.id, ruche.hub.open.outgoingId));
    expect((await quote(cartId)).collection).toEqual({
      startsAt: o!.collectionStartsAt,
      endsAt: o!.collectionEndsAt,
      place: o!.collectionPlace,
    });
  });
});

// ---------------------------------------------------------------------------------------------
// The back office's forms as a browser would post them: every field as rendered, boxes as ticked.

const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The fields a browser would send from the form posting to `action` in `html`, with `change` applied to them. */
function formOf(html: string, action: string): Array<[string, string]> {
  const start = html.indexOf(`action="${action}"`);
  expect(start, `form ${action}`).toBeGreaterThan(-1);
  const form = html.slice(start, html.indexOf('</form>', start));
  const fields: Array<[string, string]> = [];
  for (const [, attrs] of form.matchAll(/<input([^>]*)>/g)) {
    const name = /name="([^"]*)"/.exec(attrs!)?.[1];
    if (!name) continue;
    const type = /type="([^"]*)"/.exec(attrs!)?.[1] ?? 'text';
    if ((type === 'checkbox' || type === 'radio') && !/\schecked(=""|\s|$)/.test(attrs!)) continue;
    fields.push([name, decode(/value="([^"]*)"/.exec(attrs!)?.[1] ?? '')]);
  }
  for (const [, name, options] of form.matchAll(/<select[^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const chosen = /<option value="([^"]*)" selected/.exec(options!) ?? /<option value="([^"]*)"/.exec(options!);
    fields.push([name!, decode(chosen?.[1] ?? '')]);
  }
  for (const [, name, text] of form.matchAll(/<textarea[^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/textarea>/g))
    fields.push([name!, decode(text!)]);
  return fields;
}

const ticked = (html: string, kind: 'shipping' | 'payment', id: number) =>
  new RegExp(`<input type="checkbox" id="${kind}-method-${id}" name="${kind}Method" value="${id}" checked`).test(html);

async function postForm(path: string, fields: Array<[string, string]>) {
  const body = new URLSearchParams(fields.filter(([k]) => k !== '_csrf'));
  body.set('_csrf', elise.csrf);
  const res = await fetch(t.url + path, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: elise.cookie, origin: t.url, 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  return { status: res.status, location: res.headers.get('location'), text: await res.text() };
}

describe('methods chosen per cycle', () => {
  const cyclePage = () => `/gestion/${HUB}/cycles/${ruche.hub.open.cycleId}`;
  const without = (fields: Array<[string, string]>, name: string, value: number) =>
    fields.filter(([k, v]) => !(k === name && v === String(value)));

  it('starts with every method ticked, keeps what the manager unticks, and the checkout offers only those', async () => {
    const before = (await as(t, elise, 'GET', cyclePage())).text;
    for (const id of [PICKUP, delivery.id]) expect(ticked(before, 'shipping', id)).toBe(true);
    for (const id of [OFFLINE, CARD]) expect(ticked(before, 'payment', id)).toBe(true);

    const saved = await postForm(
      cyclePage(),
      without(without(formOf(before, cyclePage()), 'shippingMethod', delivery.id), 'paymentMethod', CARD),
    );
    expect(saved.status, saved.text.slice(0, 500)).toBe(303);
    const after = (await as(t, elise, 'GET', cyclePage())).text;
    expect(ticked(after, 'shipping', PICKUP)).toBe(true);
    expect(ticked(after, 'shipping', delivery.id)).toBe(false);
    expect(ticked(after, 'payment', OFFLINE)).toBe(true);
    expect(ticked(after, 'payment', CARD)).toBe(false);

    const { cartId } = await cartOf(3000);
    const q = await quote(cartId);
    expect(q.shippingMethods.map((m: { id: number }) => m.id)).toEqual([PICKUP]);
    expect(q.paymentMethods.map((m: { id: number }) => m.id)).toEqual([OFFLINE]);
    const quotedDelivery = await t.call('POST', `/api/carts/${cartId}/quote`, { shippingMethodId: delivery.id });
    expect(quotedDelivery.status).toBe(422);
    const refusedDelivery = await order(cartId, { shippingMethodId: delivery.id, address: felletin });
    expect(refusedDelivery.status).toBe(422);
    expect(refusedDelivery.body).toMatchObject({
      code: 'METHOD_UNAVAILABLE',
      errors: [{ field: 'shippingMethodId', message: 'Choisissez un mode de retrait ou de livraison proposé pour ce cycle.' }],
    });
    const refusedCard = await order(cartId, { paymentMethodId: CARD });
    expect(refusedCard.body).toMatchObject({ code: 'METHOD_UNAVAILABLE', errors: [{ field: 'paymentMethodId' }] });

    // Ticked again: offered again.
    const back = await postForm(cyclePage(), [
      ...formOf(after, cyclePage()),
      ['shippingMethod', String(delivery.id)],
      ['paymentMethod', String(CARD)],
    ]);
    expect(back.status).toBe(303);
    expect((await quote(cartId)).shippingMethods.map((m: { id: number }) => m.id)).toEqual([PICKUP, delivery.id]);
  });

  it('refuses a cycle with no collection method, beside the boxes, keeping what was ticked and storing nothing', async () => {
    const page = (await as(t, elise, 'GET', cyclePage())).text;
    const fields = without(
      without(without(formOf(page, cyclePage()), 'shippingMethod', PICKUP), 'shippingMethod', delivery.id),
      'paymentMethod',
      CARD,
    );
    const refused = await postForm(cyclePage(), fields);
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Cochez au moins un mode de retrait ou de livraison de votre boutique.');
    expect(refused.text).toMatch(/<fieldset aria-invalid="true"[^>]*data-methods="shipping"/);
    expect(ticked(refused.text, 'payment', OFFLINE)).toBe(true);
    expect(ticked(refused.text, 'payment', CARD)).toBe(false);
    const stored = await t.conn.db
      .select({ id: cycleOutgoingShippingMethods.methodId })
      .from(cycleOutgoingShippingMethods)
      .where(eq(cycleOutgoingShippingMethods.outgoingId, ruche.hub.open.outgoingId));
    expect(stored.map((r) => r.id).sort()).toEqual([PICKUP, delivery.id]);
  });

  it('copies the choice into a clone, and gives a hub’s new method to its cycles under way', async () => {
    const page = (await as(t, elise, 'GET', cyclePage())).text;
    expect((await postForm(cyclePage(), without(formOf(page, cyclePage()), 'paymentMethod', CARD))).status).toBe(303);
    const clone = await as(t, elise, 'POST', `${cyclePage()}/dupliquer`, {}, { form: true });
    expect(clone.status).toBe(303);
    const copyId = Number(/cycles\/(\d+)/.exec(clone.headers.get('location')!)![1]);
    const [copy] = await t.conn.db
      .select()
      .from(cycleOutgoing)
      .where(and(eq(cycleOutgoing.cycleId, copyId), eq(cycleOutgoing.hubId, ruche.hub.id)));
    const methodsOf = async (outgoingId: number) => ({
      shipping: (await t.conn.db.select().from(cycleOutgoingShippingMethods).where(eq(cycleOutgoingShippingMethods.outgoingId, outgoingId)))
        .map((r) => r.methodId)
        .sort(),
      payment: (await t.conn.db.select().from(cycleOutgoingPaymentMethods).where(eq(cycleOutgoingPaymentMethods.outgoingId, outgoingId)))
        .map((r) => r.methodId)
        .sort(),
    });
    expect(await methodsOf(copy!.id)).toEqual({ shipping: [PICKUP, delivery.id], payment: [OFFLINE] });

    const added = await as(
      t,
      elise,
      'POST',
      `/gestion/${HUB}/retrait-et-paiement/shipping`,
      { name: 'Retrait à la ferme', kind: 'pickup', fee: '0', vatRateBp: '550', description: '' },
      { form: true },
    );
    expect(added.status).toBe(303);
    const [farm] = await t.conn.db.select().from(shippingMethods).where(eq(shippingMethods.name, 'Retrait à la ferme'));
    expect((await methodsOf(ruche.hub.open.outgoingId)).shipping).toContain(farm!.id);
    expect((await methodsOf(copy!.id)).shipping).toContain(farm!.id);
  });

  it('takes an archived method out of the cycle form and the checkout; a past order keeps its name', async () => {
    const [farm] = await t.conn.db.select().from(shippingMethods).where(eq(shippingMethods.name, 'Retrait à la ferme'));
    const { cartId } = await cartOf(1000);
    const placed = await order(cartId, { shippingMethodId: farm!.id });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const archived = await as(t, elise, 'POST', `/gestion/${HUB}/retrait-et-paiement/shipping/${farm!.id}/archive`, {}, { form: true });
    expect(archived.status).toBe(303);
    expect((await as(t, elise, 'GET', cyclePage())).text).not.toContain(`shipping-method-${farm!.id}`);
    const next = await cartOf(1000);
    expect((await quote(next.cartId)).shippingMethods.map((m: { id: number }) => m.id)).not.toContain(farm!.id);
    expect((await order(next.cartId, { shippingMethodId: farm!.id })).body.code).toBe('METHOD_UNAVAILABLE');
    const [row] = await t.conn.db.select().from(orders).where(eq(orders.publicId, placed.body.id));
    expect(row).toMatchObject({ shippingName: 'Retrait à la ferme', shippingMethodId: farm!.id });
  });
});

describe('the hub’s delivery methods', () => {
  const settings = `/gestion/${HUB}/retrait-et-paiement`;

  it('edits a delivery with a French VAT rate, a zone of communes, its minimum and free threshold; the checkout follows', async () => {
    const page = (await as(t, elise, 'GET', settings)).text;
    const fields = formOf(page, `${settings}/shipping/${delivery.id}`).map(([k, v]): [string, string] => {
      if (k === 'zone') return [k, 'Felletin, Aubusson'];
      if (k === 'vatRateBp') return [k, '1000'];
      if (k === 'freeFrom') return [k, '60'];
      if (k === 'minOrder') return [k, '20'];
      return [k, v];
    });
    const res = await postForm(`${settings}/shipping/${delivery.id}`, fields);
    expect(res.status, res.text.slice(0, 400)).toBe(303);
    const [m] = await t.conn.db.select().from(shippingMethods).where(eq(shippingMethods.id, delivery.id));
    expect(m).toMatchObject({ zone: 'Felletin, Aubusson', vatRateBp: 1000, freeFromCents: 6000, minOrderCents: 2000, feeCents: 350 });

    // A zone of communes only: the commune is what decides, and what the message points at.
    const { cartId } = await cartOf(3000);
    const refused = await order(cartId, { shippingMethodId: delivery.id, address: { ...felletin, city: 'Guéret' } });
    expect(refused.body.errors).toEqual([
      { field: 'address.city', message: '« Livraison autour de Felletin » ne livre pas cette commune. Zone servie : Felletin, Aubusson.' },
    ]);
    const q = await quote(cartId, delivery.id);
    expect(q.vat.map((r: { rateBp: number }) => r.rateBp)).toContain(1000);
  });

  it('refuses an unreadable zone and a VAT rate that is not a French one, changing nothing', async () => {
    const before = await t.conn.db.select().from(shippingMethods).where(eq(shippingMethods.id, delivery.id));
    const page = (await as(t, elise, 'GET', settings)).text;
    const form = formOf(page, `${settings}/shipping/${delivery.id}`);
    const zone = await postForm(
      `${settings}/shipping/${delivery.id}`,
      form.map(([k, v]): [string, string] => (k === 'zone' ? [k, '23500, 235, #Felletin'] : [k, v])),
    );
    expect(zone.status).toBe(422);
    expect(zone.text).toContain('Entrée illisible : 235, #Felletin.');
    const rate = await postForm(
      `${settings}/shipping/${delivery.id}`,
      form.map(([k, v]): [string, string] => (k === 'vatRateBp' ? [k, '1960'] : [k, v])),
    );
    expect(rate.status).toBe(422);
    expect(rate.text).toContain('Choisissez un taux de TVA français');
    const fee = await as(
      t,
      elise,
      'POST',
      `${settings}/fees`,
      { name: 'Adhésion', feeType: 'admin', calculator: 'flat_per_order', amount: '2', vatRateBp: '550' },
      { form: true },
    );
    expect(fee.status).toBe(303);
    expect(await t.conn.db.select().from(shippingMethods).where(eq(shippingMethods.id, delivery.id))).toEqual(before);
    const [adhesion] = await t.conn.db.all<{ vat_rate_bp: number }>(sql`SELECT vat_rate_bp FROM enterprise_fees WHERE name = 'Adhésion'`);
    expect(adhesion!.vat_rate_bp).toBe(550);
  });
});

describe('migration 0001', () => {
  it('gives every cycle that existed before it all its hub’s active methods, so checkout offers what it did', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'comptoir-migration-'));
    // The migrations as they stood before 0001: the same folder with only the first entry in its journal.
    const before = join(dir, 'migrations');
    cpSync(MIGRATIONS_FOLDER, before, { recursive: true });
    const journal = JSON.parse(readFileSync(join(before, 'meta/_journal.json'), 'utf8'));
    writeFileSync(join(before, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, 1) }));
    const client = createClient({ url: `file:${join(dir, 'old.db')}` });
    await client.execute('PRAGMA foreign_keys = ON');
    const db = drizzle(client, { schema });
    await migrate(db, { migrationsFolder: before });
    await client.executeMultiple(`
      INSERT INTO enterprises (id, slug, name, is_hub) VALUES (1, 'epicerie', 'Épicerie', 1), (2, 'autre', 'Autre', 1);
      INSERT INTO shipping_methods (id, hub_id, name, kind) VALUES (1, 1, 'Retrait', 'pickup'), (2, 1, 'Tournée', 'delivery'), (3, 2, 'Ailleurs', 'pickup');
      INSERT INTO shipping_methods (id, hub_id, name, kind, archived_at) VALUES (4, 1, 'Ancienne tournée', 'delivery', 1);
      INSERT INTO payment_methods (id, hub_id, name, kind) VALUES (1, 1, 'Au retrait', 'offline');
      INSERT INTO order_cycles (id, name, coordinator_id, opens_at, closes_at) VALUES (1, 'Semaine 1', 1, 1000, 2000);
      INSERT INTO cycle_outgoing (id, cycle_id, hub_id) VALUES (1, 1, 1);`);
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    const shipping = await client.execute('SELECT method_id FROM cycle_outgoing_shipping_methods WHERE outgoing_id = 1 ORDER BY method_id');
    const payment = await client.execute('SELECT method_id FROM cycle_outgoing_payment_methods WHERE outgoing_id = 1');
    expect(shipping.rows.map((r) => r.method_id)).toEqual([1, 2]);
    expect(payment.rows.map((r) => r.method_id)).toEqual([1]);
    // And a delivery method from before serves anywhere, at its fee, with no minimum of its own.
    const [tournee] = (await client.execute('SELECT zone, min_order_cents, free_from_cents FROM shipping_methods WHERE id = 2')).rows;
    expect([tournee!.zone, tournee!.min_order_cents, tournee!.free_from_cents]).toEqual(['', 0, null]);
    client.close();
  });
});
