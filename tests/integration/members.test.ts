// Members against the built worker: a signed-in shopper whose customer record at a hub carries a tag sees
// and buys that hub's tag-only variants at the members' price and shops its members-only sales; an
// untagged shopper and a guest cannot, nor through the API; published pages never hold them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  customers,
  cycleOutgoing,
  cycleOutgoingVariants,
  orderLines,
  orders,
  products,
  tagVariantRules,
  variants,
} from '../../db/schema/index.ts';
import { shelfPrice } from '../../domain/pricing.ts';
import { cycleFeeList } from '../../db/catalog/shop.ts';
import { offline, pickup } from '../support/checkout.ts';
import { openShops, type DemoShop } from '../support/demo-data.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';
import { signInShopper } from '../support/shoppers.ts';
import { as as asManager, signIn } from '../support/admin.ts';

let t: TestWorker;
let ruche: DemoShop;
let eggs: number;
let member: string;
let untagged: string;
const MEMBER = 'marie.chabanne@example.org';
const UNTAGGED = 'lucie.fournier@example.org';

beforeAll(async () => {
  t = await startTestWorker();
  ruche = (await openShops(t.conn.db)).find((s) => s.hub.slug === 'la-ruche-du-plateau')!;
  const [rule] = await t.conn.db.select().from(tagVariantRules).where(eq(tagVariantRules.hubId, ruche.hub.id));
  eggs = rule!.variantId;
  // The demo's rule: the tray of 30 eggs, for « adhérent », at 11,90 €.
  expect(rule).toMatchObject({ tag: 'adhérent', priceCents: 1190 });
  const inSale = await t.conn.db
    .select()
    .from(cycleOutgoingVariants)
    .where(and(eq(cycleOutgoingVariants.outgoingId, ruche.hub.open.outgoingId), eq(cycleOutgoingVariants.variantId, eggs)));
  expect(inSale).toHaveLength(1);
  member = await signInShopper(t, MEMBER);
  untagged = await signInShopper(t, UNTAGGED);
});
afterAll(() => t?.close());

const as = (cookie: string | null): Record<string, string> => (cookie ? { cookie } : {});
const openCart = async (cookie: string | null, cycle?: number) =>
  (await t.call('POST', '/api/carts', { hub: ruche.hub.slug, ...(cycle ? { cycle } : {}) }, as(cookie))).body.id as string;

function orderBody(cartId: string, email: string) {
  return {
    cartId,
    contact: { name: 'Marie Chabanne', email, phone: '06 39 98 00 01' },
    shippingMethodId: pickup(ruche).id,
    paymentMethodId: offline(ruche).id,
    ...(ruche.options.termsText ? { acceptTerms: true } : {}),
    locale: 'fr',
  };
}

describe('members’ variants', () => {
  it('a tagged customer buys the members’ eggs at 11,90 € before fees, fees computed on it as on any price', async () => {
    const cart = await openCart(member);
    const added = await t.call('POST', `/api/carts/${cart}/lines`, { variantId: eggs, quantity: 1 }, as(member));
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    const [v] = await t.conn.db
      .select({
        vatRateBp: variants.vatRateBp,
        unitKind: variants.unitKind,
        unitValue: variants.unitValue,
        producerId: products.producerId,
      })
      .from(variants)
      .innerJoin(products, eq(products.id, variants.productId))
      .where(eq(variants.id, eggs));
    const expected = shelfPrice({ ...v!, basePriceCents: 1190 }, await cycleFeeList(t.conn.db, ruche.hub.open.cycleId), ruche.hub.id);
    expect(added.body.lines[0].unitPriceCents).toBe(expected.priceCents);
    const placed = await t.call('POST', '/api/orders', orderBody(cart, MEMBER), as(member));
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const [order] = await t.conn.db.select().from(orders).where(eq(orders.publicId, placed.body.id));
    const [line] = await t.conn.db.select().from(orderLines).where(eq(orderLines.orderId, order!.id));
    expect(line).toMatchObject({ variantId: eggs, quantity: 1, basePriceCents: 1190, unitPriceCents: expected.priceCents });
    // The shelf price the cart showed is the one charged.
    expect(line!.unitPriceCents).toBe(added.body.lines[0].unitPriceCents);
  });

  it('refuses the members’ eggs to an untagged signed-in shopper and to a guest, through the API (problem+json)', async () => {
    for (const who of [untagged, null]) {
      const cart = await openCart(who);
      const res = await fetch(`${t.url}/api/carts/${cart}/lines`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...as(who) },
        body: JSON.stringify({ variantId: eggs, quantity: 1 }),
      });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('refuses to place a member’s cart for a guest: the placement checks the tag of whoever places it', async () => {
    const cart = await openCart(member);
    expect((await t.call('POST', `/api/carts/${cart}/lines`, { variantId: eggs, quantity: 1 }, as(member))).status).toBe(200);
    const res = await t.call('POST', '/api/orders', orderBody(cart, 'someone@example.org'));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const read = await t.call('GET', `/api/carts/${cart}`);
    expect(read.body.lines[0].problem).not.toBeNull();
  });

  it('shows the members’ shelf in the live response to the member only', async () => {
    const live = (cookie: string | null) =>
      t.call('GET', `/api/shops/${ruche.hub.slug}/live?cycle=${ruche.hub.open.cycleId}`, undefined, as(cookie));
    const mine = await live(member);
    expect(mine.body.shopper.email).toBe(MEMBER);
    expect(mine.body.shopper.memberShelvesHtml).toContain(`data-variant-id="${eggs}"`);
    const theirs = await live(untagged);
    expect(theirs.body.shopper.memberShelvesHtml).toBe('');
    const guest = await live(null);
    expect(guest.body.shopper).toBeNull();
    expect(guest.headers.getSetCookie()).toEqual([]);
  });

  it('published pages never contain the members’ variant (at the hub whose rule it is) or price', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.(html|json|txt)$/.test(name)) files.push(path);
      }
    };
    walk(join(t.dist, 'client'));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      // Another hub may sell the same tray publicly: the rule is the Ruche's.
      if (f.includes(`/${ruche.hub.slug}/`)) expect(text.includes(`data-variant-id="${eggs}"`), f).toBe(false);
      expect(text.includes('11,90'), f).toBe(false);
    }
  });
});

describe('members-only sales', () => {
  it('are shopped only by a member holding the tag: a guest and an untagged shopper are refused', async () => {
    // Another hub's exchange in the same cycle is irrelevant here: the Ruche's open sale becomes members-only.
    const outgoingId = ruche.hub.open.outgoingId;
    await t.conn.db.update(cycleOutgoing).set({ requiredTag: 'adhérent' }).where(eq(cycleOutgoing.id, outgoingId));
    try {
      const cycle = ruche.hub.open.cycleId;
      const guest = await t.call('POST', '/api/carts', { hub: ruche.hub.slug, cycle });
      expect(guest.status).toBe(409);
      const notMember = await t.call('POST', '/api/carts', { hub: ruche.hub.slug, cycle }, as(untagged));
      expect(notMember.status).toBe(409);
      const mine = await t.call('POST', '/api/carts', { hub: ruche.hub.slug, cycle }, as(member));
      expect(mine.status, JSON.stringify(mine.body)).toBe(201);
      const item = ruche.items.find((i) => !i.onDemand && i.onHand > 3)!;
      const added = await t.call('POST', `/api/carts/${mine.body.id}/lines`, { variantId: item.variantId, quantity: 1 }, as(member));
      expect(added.status, JSON.stringify(added.body)).toBe(200);
      // The same cart read without the member's session is closed to changes.
      const byGuest = await t.call('POST', `/api/carts/${mine.body.id}/lines`, { variantId: item.variantId, quantity: 1 });
      expect(byGuest.status).toBe(409);
      const live = await t.call('GET', `/api/shops/${ruche.hub.slug}/live`, undefined, as(member));
      expect(live.body.shopper.memberSales.map((s: { id: number }) => s.id)).toContain(cycle);
      const placed = await t.call('POST', '/api/orders', orderBody(mine.body.id, MEMBER), as(member));
      expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    } finally {
      await t.conn.db.update(cycleOutgoing).set({ requiredTag: null }).where(eq(cycleOutgoing.id, outgoingId));
    }
  });
});

describe('saved details', () => {
  it('prefill the next checkout of a signed-in shopper', async () => {
    const me = await t.call('GET', '/api/shoppers/me', undefined, as(member));
    expect(me.body.profile).toMatchObject({ name: 'Marie Chabanne', phone: '06 39 98 00 01' });
  });

  it('« Mes commandes » lists the shopper’s orders with their shop, sale and state', async () => {
    const page = await (await fetch(`${t.url}/compte/`, { headers: { cookie: member } })).text();
    expect(page).toContain('La Ruche du Plateau');
    expect(page).toContain('Confirmée');
    expect(page).toMatch(/href="\/commandes\/ord_/);
    const other = await (await fetch(`${t.url}/compte/`, { headers: { cookie: untagged } })).text();
    expect(other).not.toMatch(/href="\/commandes\/ord_/);
  });
});

describe('the customers page', () => {
  it('chooses a rule’s variant by product and variant name, not by an internal number', async () => {
    const elise = await signIn(t, 'elise.bernard@example.org');
    const page = await asManager(t, elise, 'GET', `/gestion/${ruche.hub.slug}/clients`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('N° de variante');
    expect(page.text).toMatch(new RegExp(`<option value="${eggs}"[^>]*>Œufs de poules plein air — plateau de 30`));
  });

  it('keeps a customer’s name when her tags are changed with the name field empty', async () => {
    const elise = await signIn(t, 'elise.bernard@example.org');
    const res = await asManager(
      t,
      elise,
      'POST',
      `/gestion/${ruche.hub.slug}/clients`,
      { email: UNTAGGED, name: '', tags: 'adhérent' },
      { form: true },
    );
    expect(res.status).toBe(303);
    const [row] = await t.conn.db
      .select()
      .from(customers)
      .where(and(eq(customers.hubId, ruche.hub.id), eq(customers.email, UNTAGGED)));
    expect(row!.name).toBe('Lucie Fournier');
    // Now tagged, she sees the members' eggs in the live response.
    const live = await t.call('GET', `/api/shops/${ruche.hub.slug}/live`, undefined, as(untagged));
    expect(live.body.shopper.memberShelvesHtml).toContain(`data-variant-id="${eggs}"`);
  });
});
