// A hub's own prices and stock, set by its manager through the back office against the built worker
// and a real database: the shop's cart charges and limits by them; disallowed ones and strangers are refused.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, enterpriseRelationships, stalePages, variantOverrides } from '../../db/schema/index.ts';
import { paths as publicPaths } from '../../domain/catalog-paths.ts';
import { as, signIn, type Session } from '../support/admin.ts';
import type { DemoShop } from '../support/demo-data.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';
import { shopOf } from '../support/orders.ts';

const HUB = 'drive-fermier-de-la-vallee';
const OTHER_HUB = 'la-ruche-du-plateau';
let t: TestWorker;
let thomas: Session;
let elise: Session;
let shop: DemoShop;
let rights: Array<{ producerId: number; canOverridePrice: boolean; canOverrideStock: boolean }>;

beforeAll(async () => {
  t = await startTestWorker();
  [thomas, elise] = [await signIn(t, 'thomas.lefevre@example.org'), await signIn(t, 'elise.bernard@example.org')];
  shop = await shopOf(t, HUB);
  rights = await t.conn.db.select().from(enterpriseRelationships).where(eq(enterpriseRelationships.hubId, shop.hub.id));
});
afterAll(() => t?.close());

const overridden = async () =>
  new Set((await t.conn.db.select().from(variantOverrides).where(eq(variantOverrides.hubId, shop.hub.id))).map((o) => o.variantId));
/** An item of the shop, with no override yet, whose producer grants (or not) a right. */
async function itemWhere(ok: (r: (typeof rights)[number]) => boolean) {
  const taken = await overridden();
  const item = shop.items.find(
    (i) =>
      !taken.has(i.variantId) &&
      (i.maxPerOrder ?? 99) >= 5 &&
      (i.onDemand || i.onHand >= 5) &&
      rights.some((r) => r.producerId === i.producerId && ok(r)),
  );
  if (!item) throw new Error('the demo has no such item');
  return item;
}
async function cartLine(variantId: number, quantity: number) {
  const cart = (await t.call('POST', '/api/carts', { hub: HUB })).body.id as string;
  return t.call('POST', `/api/carts/${cart}/lines`, { variantId, quantity });
}

describe('hub overrides', () => {
  it('a price set on the page is what the cart charges, and the shop page is marked to rebuild', async () => {
    const item = await itemWhere((r) => r.canOverridePrice);
    const shopPage = publicPaths.shop('fr', HUB);
    await t.conn.db.delete(stalePages).where(eq(stalePages.path, shopPage));
    const page = await as(t, thomas, 'GET', `/gestion/${HUB}/prix-boutique`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`name="price_${item.variantId}"`);
    expect(page.text).toContain('Prix de la boutique');
    // The hub's price replaces what goes to the producer; the cycle's per-item fees still add to it.
    const newBase = item.price.basePriceCents + 55;
    const res = await as(
      t,
      thomas,
      'POST',
      `/gestion/${HUB}/prix-boutique`,
      { [`price_${item.variantId}`]: (newBase / 100).toFixed(2).replace('.', ',') },
      { form: true },
    );
    expect(res.status).toBe(303);
    expect((await as(t, thomas, 'GET', res.headers.get('location')!)).text).toContain('1 variante(s) mise(s) à jour.');
    const shelf = (await shopOf(t, HUB)).items.find((i) => i.variantId === item.variantId)!.price;
    expect(shelf.basePriceCents).toBe(newBase);
    const newPrice = shelf.priceCents;
    expect(newPrice).toBeGreaterThanOrEqual(item.price.priceCents + 55);
    const line = await cartLine(item.variantId, 2);
    expect(line.status).toBe(200);
    expect(line.body.lines[0]).toMatchObject({ variantId: item.variantId, unitPriceCents: newPrice, lineTotalCents: 2 * newPrice });
    expect((await t.conn.db.select().from(stalePages).where(eq(stalePages.path, shopPage))).length).toBe(1);
    const audit = await t.conn.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.enterpriseId, shop.hub.id), eq(auditLog.action, 'overrides.update')));
    expect(audit.length).toBeGreaterThan(0);
    // The JSON shows it beside the producer's; emptied, the producer's price is back.
    const got = await as(t, thomas, 'GET', `/api/manage/hubs/${HUB}/overrides`);
    expect(got.body.variants.find((x: { variantId: number }) => x.variantId === item.variantId)).toMatchObject({
      priceCents: newBase,
      producerPriceCents: item.price.basePriceCents,
    });
    const back = await as(t, thomas, 'PATCH', `/api/manage/hubs/${HUB}/overrides`, {
      variants: [{ id: item.variantId, priceCents: null }],
    });
    expect(back.status).toBe(200);
    expect(back.body).toEqual({ updated: 1 });
    expect((await cartLine(item.variantId, 1)).body.lines[0].unitPriceCents).toBe(item.price.priceCents);
    expect((await overridden()).has(item.variantId)).toBe(false);
  });

  it('a stock set by the hub limits the cart to it', async () => {
    const item = await itemWhere((r) => r.canOverrideStock);
    const res = await as(t, thomas, 'PATCH', `/api/manage/hubs/${HUB}/overrides`, { variants: [{ id: item.variantId, onHand: 2 }] });
    expect(res.status).toBe(200);
    const over = await cartLine(item.variantId, 3);
    expect(over.status).toBe(409);
    expect(over.body).toMatchObject({ code: 'OUT_OF_STOCK', available: 2 });
    expect((await cartLine(item.variantId, 2)).status).toBe(200);
  });

  it('refuses a price on a variant whose producer does not allow it, naming it, and writes nothing', async () => {
    const item = await itemWhere((r) => !r.canOverridePrice && !r.canOverrideStock);
    const before = await t.conn.db.all(sql`SELECT * FROM variant_overrides ORDER BY hub_id, variant_id`);
    const audits = (await t.conn.db.select().from(auditLog)).length;
    const allowed = await itemWhere((r) => r.canOverridePrice);
    const res = await as(t, thomas, 'PATCH', `/api/manage/hubs/${HUB}/overrides`, {
      variants: [
        { id: allowed.variantId, priceCents: 123 },
        { id: item.variantId, priceCents: 100 },
      ],
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('VALIDATION');
    expect(res.body.errors).toEqual([{ field: 'variants.1.priceCents', message: expect.stringContaining(item.productName) }]);
    // The page says the same, with the variant named.
    const page = await as(t, thomas, 'POST', `/gestion/${HUB}/prix-boutique`, { [`price_${item.variantId}`]: '1,00' }, { form: true });
    expect(page.status).toBe(422);
    expect(page.text).toContain('ne vous permet pas de changer le prix');
    expect(page.text).toContain(item.productName);
    expect(await t.conn.db.all(sql`SELECT * FROM variant_overrides ORDER BY hub_id, variant_id`)).toEqual(before);
    expect((await t.conn.db.select().from(auditLog)).length).toBe(audits);
    // Nor a variant of a producer the hub does not work with, nor an unreadable amount.
    const stranger = await t.conn.db.all<{ id: number }>(sql`SELECT v.id FROM variants v JOIN products p ON p.id = v.product_id
      WHERE p.producer_id NOT IN (SELECT producer_id FROM enterprise_relationships WHERE hub_id = ${shop.hub.id}) LIMIT 1`);
    expect(stranger[0]).toBeDefined();
    expect(
      (await as(t, thomas, 'PATCH', `/api/manage/hubs/${HUB}/overrides`, { variants: [{ id: stranger[0]!.id, onHand: null }] })).status,
    ).toBe(422);
    expect(
      (await as(t, thomas, 'POST', `/gestion/${HUB}/prix-boutique`, { [`price_${allowed.variantId}`]: 'dix' }, { form: true })).status,
    ).toBe(422);
  });

  it('another hub’s manager is refused', async () => {
    const item = await itemWhere((r) => r.canOverridePrice);
    expect((await as(t, elise, 'GET', `/gestion/${HUB}/prix-boutique`)).status).toBe(403);
    expect(
      (await as(t, elise, 'PATCH', `/api/manage/hubs/${HUB}/overrides`, { variants: [{ id: item.variantId, priceCents: 1 }] })).status,
    ).toBe(403);
    expect((await as(t, elise, 'GET', `/gestion/${OTHER_HUB}/prix-boutique`)).status).toBe(200);
    expect((await overridden()).has(item.variantId)).toBe(false);
  });
});
