// A hub selling several sales at once (the demo épicerie: its Felletin pickup and one at Royère-de-Vassivière), as a
// shopper meets it through the built worker in workerd: the shop page lists each open sale with its
// pickup, each sale has its pages, its cart and its order; a cart is refused for a sale that is closed,
// reserved or another hub's; a stale page and the live overlay follow the page's own sale; the product
// page lists each sale; a hub with one sale is unchanged.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCyclesQuery, shopItems, type ShopCycle, type ShopItem } from '../../db/catalog/shop.ts';
import { markStaleStatements } from '../../db/publishing/stale-pages.ts';
import { cycleOutgoing, enterprises, orderCycles, orders, variants } from '../../db/schema/index.ts';
import { paths, type Lang } from '../../domain/catalog-paths.ts';
import { formatMoney } from '../../domain/money.ts';
import { messages } from '../../site/lib/i18n.ts';
import { orderBody } from '../support/checkout.ts';
import { openShops, type DemoShop } from '../support/demo-data.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';

const LANGS: Lang[] = ['fr', 'en'];

let t: TestWorker;
/** The hub with two open sales, its first (at the shop's URL) and its second (pages of its own). */
let twoSales: DemoShop;
let first: ShopCycle;
let second: ShopCycle;
let secondItems: ShopItem[];
/** A hub with one open sale. */
let single: DemoShop;

beforeAll(async () => {
  t = await startTestWorker({ ownDist: true });
  const shops = await openShops(t.conn.db);
  const withSales = await Promise.all(shops.map(async (s) => ({ s, sales: await openCyclesQuery(t.conn.db, s.hub.id, Date.now()) })));
  const several = withSales.find((x) => x.sales.length === 2)!;
  twoSales = several.s;
  [first, second] = several.sales as [ShopCycle, ShopCycle];
  single = withSales.find((x) => x.sales.length === 1)!.s;
  secondItems = await shopItems(t.conn.db, { hubId: twoSales.hub.id, cycleId: second.cycleId, outgoingId: second.outgoingId });
  await t.conn.db.update(enterprises).set({ minOrderCents: 0 }).where(eq(enterprises.id, twoSales.hub.id));
}, 60_000);
afterAll(() => t?.close());

const get = async (path: string) => {
  const res = await fetch(t.url + path);
  return { status: res.status, headers: res.headers, html: await res.text() };
};

async function until(path: string, ok: (html: string) => boolean, withinMs = 5_000) {
  const start = Date.now();
  for (;;) {
    const page = await get(path);
    if (ok(page.html) || Date.now() - start > withinMs) return page;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const chooser = (html: string) => /<nav id="shop-cycles"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';

describe('a hub with two open sales', () => {
  it('searches, without JavaScript, the sale whose page the search was sent from', async () => {
    const own = await get(paths.shopCycle('fr', twoSales.hub.slug, second.cycleId));
    expect(own.html).toContain(`<input type="hidden" name="cycle" value="${second.cycleId}"`);
    const word = secondItems[0]!.productName.split(/\s+/)[0]!;
    const found = await get(`/api/shops/${twoSales.hub.slug}/search?lang=fr&cycle=${second.cycleId}&q=${encodeURIComponent(word)}`);
    expect(found.status).toBe(200);
    const listed = [...found.html.matchAll(/<li class="variant" data-variant-id="(\d+)"/g)].map((m) => Number(m[1]));
    expect(listed.length).toBeGreaterThan(0);
    const ofSecond = new Set(secondItems.map((i) => i.variantId));
    expect(listed.every((id) => ofSecond.has(id))).toBe(true);
    // Its way back leads to the sale's own page, and its form keeps searching that sale.
    expect(found.html).toContain(`href="${paths.shopCycle('fr', twoSales.hub.slug, second.cycleId)}"`);
    expect(found.html).toContain(`name="cycle" value="${second.cycleId}"`);
  });

  it('lists both on its shop page with their pickup day and place, the first one shown, and the second on its own page', async () => {
    for (const lang of LANGS) {
      const shop = await get(paths.shop(lang, twoSales.hub.slug));
      expect(shop.status).toBe(200);
      const nav = chooser(shop.html);
      expect(nav).toContain(first.collectionPlace.replaceAll('’', '’'));
      expect(nav).toContain(second.collectionPlace);
      expect(nav).toContain(`href="${paths.shop(lang, twoSales.hub.slug)}" aria-current="page"`);
      expect(nav).toContain(`href="${paths.shopCycle(lang, twoSales.hub.slug, second.cycleId)}"`);
      expect(shop.html).toContain(`data-cycle="${first.cycleId}"`);

      const own = await get(paths.shopCycle(lang, twoSales.hub.slug, second.cycleId));
      expect(own.status).toBe(200);
      expect(chooser(own.html)).toContain(`href="${paths.shopCycle(lang, twoSales.hub.slug, second.cycleId)}" aria-current="page"`);
      // Its banner and shelves are the second sale's: its pickup place, its variants only.
      expect(/id="shop-status">([\s\S]*?)<\/div>/.exec(own.html)![1]).toContain(second.collectionPlace);
      const listed = [...own.html.matchAll(/<li class="variant" data-variant-id="(\d+)"/g)].map((m) => Number(m[1]));
      expect(new Set(listed)).toEqual(new Set(secondItems.map((i) => i.variantId)));
      expect(own.html).toContain(`href="${paths.checkout(lang, twoSales.hub.slug)}?${lang === 'fr' ? 'vente' : 'sale'}=${second.cycleId}"`);
    }
  });

  it('gives each sale its own cart, which says which pickup it is for, and an order placed in the second sale has that sale', async () => {
    const a = twoSales.items.find((i) => i.onDemand || i.onHand > 3)!;
    const b = secondItems.find((i) => i.onDemand || i.onHand > 3)!;
    const cartA = await t.call('POST', '/api/carts', { hub: twoSales.hub.slug, cycle: first.cycleId });
    const cartB = await t.call('POST', '/api/carts', { hub: twoSales.hub.slug, cycle: second.cycleId });
    expect([cartA.status, cartB.status]).toEqual([201, 201]);
    expect(cartA.body.id).not.toBe(cartB.body.id);
    expect((await t.call('POST', `/api/carts/${cartA.body.id}/lines`, { variantId: a.variantId, quantity: 1 })).status).toBe(200);
    expect((await t.call('POST', `/api/carts/${cartB.body.id}/lines`, { variantId: b.variantId, quantity: 2 })).status).toBe(200);

    const readB = await t.call('GET', `/api/carts/${cartB.body.id}`);
    expect(readB.body.cycle).toEqual({
      id: second.cycleId,
      name: second.name,
      opensAt: second.opensAt,
      closesAt: second.closesAt,
      open: true,
      collectionStartsAt: second.collectionStartsAt,
      collectionEndsAt: second.collectionEndsAt,
      collectionPlace: second.collectionPlace,
    });
    expect(readB.body.lines).toEqual([expect.objectContaining({ variantId: b.variantId, quantity: 2 })]);
    const readA = await t.call('GET', `/api/carts/${cartA.body.id}`);
    expect(readA.body.cycle).toMatchObject({ id: first.cycleId, collectionPlace: first.collectionPlace });

    const quote = await t.call('POST', `/api/carts/${cartB.body.id}/quote`, { locale: 'fr' });
    expect(quote.body.cart.cycle).toMatchObject({ id: second.cycleId, collectionPlace: second.collectionPlace });

    const placed = await t.call('POST', '/api/orders', orderBody(twoSales, cartB.body.id));
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const [row] = await t.conn.db.select({ cycleId: orders.cycleId }).from(orders).where(eq(orders.publicId, placed.body.id));
    expect(row?.cycleId).toBe(second.cycleId);
    // The other sale's cart is untouched and still open.
    expect((await t.call('GET', `/api/carts/${cartA.body.id}`)).body).toMatchObject({ ordered: false, itemCount: 1 });
  });

  it('opens a cart in the sale closing first when none is named, as before', async () => {
    const res = await t.call('POST', '/api/carts', { hub: twoSales.hub.slug });
    expect(res.status).toBe(201);
    expect(res.body.cycle.id).toBe(first.cycleId);
  });

  it('answers the live state of the page’s own sale: its stock, and only its cart', async () => {
    const cartB = (await t.call('POST', '/api/carts', { hub: twoSales.hub.slug, cycle: second.cycleId })).body.id as string;
    const live = await t.call('GET', `/api/shops/${twoSales.hub.slug}/live?cycle=${second.cycleId}&cart=${cartB}`);
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({ open: true, cycle: { id: second.cycleId, closesAt: second.closesAt }, cart: { id: cartB } });
    // Stock it reports is of variants that sale sells.
    const sold = new Set(secondItems.map((i) => String(i.variantId)));
    for (const id of Object.keys(live.body.stock)) expect(sold.has(id), id).toBe(true);
    // The first sale's page does not take the second sale's cart for its own.
    const other = await t.call('GET', `/api/shops/${twoSales.hub.slug}/live?cycle=${first.cycleId}&cart=${cartB}`);
    expect(other.body).toMatchObject({ open: true, cycle: { id: first.cycleId }, cart: null });
  });
});

describe('a cart for a sale', () => {
  it('is refused, with a problem naming the field, for a sale that is closed, another hub’s, unknown or reserved to members', async () => {
    const closed = await t.conn.db
      .select({ cycleId: cycleOutgoing.cycleId })
      .from(cycleOutgoing)
      .innerJoin(orderCycles, eq(orderCycles.id, cycleOutgoing.cycleId))
      .where(sql`${cycleOutgoing.hubId} = ${twoSales.hub.id} AND ${orderCycles.closesAt} <= ${Date.now()}`);
    const cases: Array<[string, unknown, number, string]> = [
      ['another hub’s sale', { hub: single.hub.slug, cycle: twoSales.hub.open.cycleId }, 422, 'VALIDATION'],
      ['an unknown sale', { hub: twoSales.hub.slug, cycle: 999_999 }, 422, 'VALIDATION'],
      ['a closed sale', { hub: twoSales.hub.slug, cycle: closed[0]!.cycleId }, 409, 'CYCLE_CLOSED'],
      ['a sale not yet open', { hub: twoSales.hub.slug, cycle: twoSales.hub.next!.cycleId }, 409, 'CYCLE_CLOSED'],
      ['a sale id that is not one', { hub: twoSales.hub.slug, cycle: 'deux' }, 422, 'VALIDATION'],
    ];
    for (const [what, body, status, code] of cases) {
      const res = await t.call('POST', '/api/carts', body);
      expect(res.status, what).toBe(status);
      expect(res.headers.get('content-type'), what).toMatch(/^application\/problem\+json/);
      expect(res.body.code, what).toBe(code);
      expect(JSON.stringify(res.body.errors ?? []), what).toContain('cycle');
    }
    await t.conn.db.update(cycleOutgoing).set({ requiredTag: 'adherent' }).where(eq(cycleOutgoing.id, second.outgoingId));
    try {
      const res = await t.call('POST', '/api/carts', { hub: twoSales.hub.slug, cycle: second.cycleId });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('CYCLE_CLOSED');
    } finally {
      await t.conn.db.update(cycleOutgoing).set({ requiredTag: null }).where(eq(cycleOutgoing.id, second.outgoingId));
    }
  });
});

describe('a product sold in both sales', () => {
  it('lists each sale on its page with its pickup place, each linking to that sale’s page', async () => {
    const both = secondItems.find((i) => twoSales.items.some((d) => d.productId === i.productId))!;
    for (const lang of LANGS) {
      const page = await get(paths.product(lang, both.producerSlug, both.productSlug));
      expect(page.status).toBe(200);
      const offers = [...page.html.matchAll(/<section class="offer"[\s\S]*?<\/section>/g)].map((m) => m[0]);
      const mine = offers.filter((o) => o.includes(`href="${paths.shop(lang, twoSales.hub.slug)}`));
      expect(mine).toHaveLength(2);
      expect(mine.find((o) => o.includes(first.collectionPlace))).toContain(`href="${paths.shop(lang, twoSales.hub.slug)}"`);
      expect(mine.find((o) => o.includes(second.collectionPlace))).toContain(
        `href="${paths.shopCycle(lang, twoSales.hub.slug, second.cycleId)}"`,
      );
    }
  });
});

describe('the second sale’s page, stale', () => {
  it('shows a new price of its own sale without a rebuild, then, once that sale closes, says so and links the one still open', async () => {
    const it0 = secondItems.find((i) => !i.onDemand && i.onHand > 3)!;
    const v = (await t.conn.db.select().from(variants).where(eq(variants.id, it0.variantId)))[0]!;
    await t.conn.db.batch([
      t.conn.db
        .update(variants)
        .set({ priceCents: v.priceCents + 111 })
        .where(eq(variants.id, v.id)),
      ...markStaleStatements(t.conn.db, { kind: 'variant', variantId: v.id }, 'prix'),
    ] as never);
    const cart = (await t.call('POST', '/api/carts', { hub: twoSales.hub.slug, cycle: second.cycleId })).body.id as string;
    const line = await t.call('POST', `/api/carts/${cart}/lines`, { variantId: it0.variantId, quantity: 1 });
    const charged = line.body.lines[0].unitPriceCents as number;
    expect(charged).toBeGreaterThan(it0.price.priceCents);
    for (const lang of LANGS) {
      const path = paths.shopCycle(lang, twoSales.hub.slug, second.cycleId);
      const price = `data-variant-id="${it0.variantId}"><span class="name"${lang === 'en' ? ' lang="fr"' : ''}>${it0.variantName}</span> <span class="price">${formatMoney(charged, lang)}</span>`;
      const page = await until(path, (html) => html.includes(price));
      expect(page.html).toContain(price);
      expect(page.headers.get('comptoir-page')).toBe('patched');
    }

    await t.conn.db.batch([
      t.conn.db
        .update(orderCycles)
        .set({ opensAt: Date.now() - 86_400_000, closesAt: Date.now() - 60_000 })
        .where(eq(orderCycles.id, second.cycleId)),
      ...markStaleStatements(t.conn.db, { kind: 'cycle', cycleId: second.cycleId }, 'vente close'),
    ] as never);
    for (const lang of LANGS) {
      const page = await until(paths.shopCycle(lang, twoSales.hub.slug, second.cycleId), (html) => html.includes('data-state="closed"'));
      expect(page.html).toContain('data-state="closed"');
      expect(page.html).toContain(messages[lang].saleClosedNow);
      expect(page.html).not.toContain('id="shelves"');
      // The sale still open, linked from the chooser.
      const nav = chooser(page.html);
      expect(nav).toContain(`href="${paths.shop(lang, twoSales.hub.slug)}"`);
      expect(nav).toContain(first.collectionPlace);
      expect(nav).not.toContain(second.collectionPlace);
      // The shop's URL still sells its first sale, without the closed one in its chooser.
      const shop = await until(paths.shop(lang, twoSales.hub.slug), (html) => !chooser(html).includes(second.collectionPlace));
      expect(shop.html).toContain('data-state="open"');
      expect(chooser(shop.html)).toBe('');
    }
    const live = await t.call('GET', `/api/shops/${twoSales.hub.slug}/live?cycle=${second.cycleId}`);
    expect(live.body).toMatchObject({ open: false, cycle: null });
    expect((await t.call('POST', `/api/carts/${cart}/lines`, { variantId: it0.variantId, quantity: 1 })).status).toBe(409);
  });
});

describe('a hub with one open sale', () => {
  it('keeps its shop page as before: no chooser, no page of another sale', async () => {
    for (const lang of LANGS) {
      const shop = await get(paths.shop(lang, single.hub.slug));
      expect(shop.status).toBe(200);
      expect(shop.html).not.toContain('id="shop-cycles"');
      expect(shop.html).toContain(`data-cycle="${single.hub.open.cycleId}"`);
      expect((await get(paths.shopCycle(lang, single.hub.slug, single.hub.open.cycleId))).status).toBe(404);
    }
  });
});
