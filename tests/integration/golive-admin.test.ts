// Going live, as the platform administrator and the enterprises' managers do it in the back office: a
// new enterprise starts hidden (on no public page, its shop sells nothing) until it is published with
// everything a shopper needs; hiding takes it off again.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubSummaries, loadCatalog } from '../../db/catalog/site.ts';
import { auditLog, enterpriseManagers, enterprises, paymentMethods, shippingMethods, stalePages, users } from '../../db/schema/index.ts';
import { paths as sitePaths } from '../../domain/catalog-paths.ts';
import { as, signIn, type Session } from '../support/admin.ts';
import { simpleShop, inStock } from '../support/demo-data.ts';
import { orderBody } from '../support/checkout.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';

let t: TestWorker;
let admin: Session;

beforeAll(async () => {
  t = await startTestWorker();
  const [row] = await t.conn.db.select({ email: users.email }).from(users).where(eq(users.isPlatformAdmin, true));
  admin = await signIn(t, row!.email);
});
afterAll(() => t?.close());

const enterpriseRow = async (slug: string) => (await t.conn.db.select().from(enterprises).where(eq(enterprises.slug, slug)))[0];

async function managerOf(slug: string): Promise<Session> {
  const [row] = await t.conn.db
    .select({ email: users.email })
    .from(users)
    .innerJoin(enterpriseManagers, eq(enterpriseManagers.userId, users.id))
    .innerJoin(enterprises, eq(enterprises.id, enterpriseManagers.enterpriseId))
    .where(eq(enterprises.slug, slug));
  return signIn(t, row!.email);
}

describe('publishing an enterprise', () => {
  it('keeps a new shop hidden: on no public page, publishing refused with what is missing, then accepted', async () => {
    const created = await as(
      t,
      admin,
      'POST',
      '/gestion/plateforme/structures',
      { name: 'Épicerie du Lac', slug: 'epicerie-du-lac', isHub: 'on', managerEmail: 'lac@example.org' },
      { form: true },
    );
    expect(created.status).toBe(303);
    const hub = (await enterpriseRow('epicerie-du-lac'))!;
    expect(hub.publishedAt).toBeNull();
    const catalog = await loadCatalog(t.conn.db, Date.now());
    expect(catalog.enterprises.map((e) => e.slug)).not.toContain('epicerie-du-lac');
    expect((await hubSummaries(t.conn.db, Date.now())).map((h) => h.slug)).not.toContain('epicerie-du-lac');

    const manager = await signIn(t, 'lac@example.org');
    const home = await as(t, manager, 'GET', '/gestion/');
    expect(home.text).toContain('Masquée');
    expect(home.text).toContain('une description');
    expect(home.text).toContain('au moins un moyen de paiement');

    const refused = await as(t, manager, 'POST', '/gestion/epicerie-du-lac/publier', {}, { form: true });
    expect(refused.status).toBe(422);
    for (const missing of [
      'une description',
      'une adresse complète',
      'au moins un mode de retrait ou de livraison',
      'au moins un moyen de paiement',
    ])
      expect(refused.text).toContain(`Il manque ${missing}`);
    expect((await enterpriseRow('epicerie-du-lac'))!.publishedAt).toBeNull();

    // What a manager fills in on the profile and methods pages (tested with those pages).
    await t.conn.db
      .update(enterprises)
      .set({ description: 'Épicerie coopérative au bord du lac.', addressLine: '2 quai du Lac', postalCode: '74000', commune: 'Annecy' })
      .where(eq(enterprises.id, hub.id));
    await t.conn.db.insert(shippingMethods).values({ hubId: hub.id, name: 'Retrait à l’épicerie', kind: 'pickup' });
    const stillRefused = await as(t, manager, 'POST', '/gestion/epicerie-du-lac/publier', {}, { form: true });
    expect(stillRefused.status).toBe(422);
    expect(stillRefused.text).toContain('Il manque au moins un moyen de paiement');
    expect(stillRefused.text).not.toContain('Il manque une description');
    await t.conn.db.insert(paymentMethods).values({ hubId: hub.id, name: 'Sur place', kind: 'offline' });

    const published = await as(t, manager, 'POST', '/gestion/epicerie-du-lac/publier', {}, { form: true });
    expect(published.status).toBe(303);
    expect((await enterpriseRow('epicerie-du-lac'))!.publishedAt).toBeGreaterThan(0);
    expect((await hubSummaries(t.conn.db, Date.now())).map((h) => h.slug)).toContain('epicerie-du-lac');
    const stale = (await t.conn.db.select().from(stalePages)).map((s) => s.path);
    expect(stale).toContain(sitePaths.shop('fr', 'epicerie-du-lac'));
    expect(stale).toContain(sitePaths.hubs('en'));
    const audit = await t.conn.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.enterpriseId, hub.id), eq(auditLog.action, 'enterprise.publish')));
    expect(audit).toHaveLength(1);
    expect((await as(t, manager, 'GET', '/gestion/')).text).toContain('Publiée');
  });

  it('refuses publishing to someone who does not manage the enterprise', async () => {
    const other = await managerOf((await simpleShop(t.conn.db)).hub.slug);
    const res = await as(t, other, 'POST', '/gestion/epicerie-du-lac/masquer', {}, { form: true });
    expect(res.status).toBe(403);
    expect((await enterpriseRow('epicerie-du-lac'))!.publishedAt).not.toBeNull();
  });

  it('takes a hidden shop off sale: no line added, no order placed, and audited', async () => {
    const shop = await simpleShop(t.conn.db);
    const item = inStock(shop.items);
    await t.conn.db.update(enterprises).set({ minOrderCents: 0 }).where(eq(enterprises.id, shop.hub.id));
    const cart = (await t.call('POST', '/api/carts', { hub: shop.hub.slug })).body.id as string;
    expect((await t.call('POST', `/api/carts/${cart}/lines`, { variantId: item.variantId, quantity: 1 })).status).toBe(200);

    const manager = await managerOf(shop.hub.slug);
    expect((await as(t, manager, 'POST', `/gestion/${shop.hub.slug}/masquer`, {}, { form: true })).status).toBe(303);
    expect((await enterpriseRow(shop.hub.slug))!.publishedAt).toBeNull();
    expect(
      await t.conn.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.enterpriseId, shop.hub.id), eq(auditLog.action, 'enterprise.hide'))),
    ).toHaveLength(1);

    const add = await t.call('POST', `/api/carts/${cart}/lines`, { variantId: item.variantId, quantity: 1 });
    expect(add.status).toBe(422);
    expect(add.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(add.body)).toContain('pas vendu dans cette boutique');
    const order = await t.call('POST', '/api/orders', orderBody(shop, cart));
    expect(order.status).toBeGreaterThanOrEqual(400);
    expect(order.status).toBeLessThan(500);
    expect(order.headers.get('content-type')).toContain('application/problem+json');
    expect((await hubSummaries(t.conn.db, Date.now())).map((h) => h.slug)).not.toContain(shop.hub.slug);

    // Published again, it sells as before.
    expect((await as(t, manager, 'POST', `/gestion/${shop.hub.slug}/publier`, {}, { form: true })).status).toBe(303);
    expect((await t.call('POST', `/api/carts/${cart}/lines`, { variantId: item.variantId, quantity: 1 })).status).toBe(200);
  });

  it('answers 404 for the product pages of a hidden producer, and sells none of its products', async () => {
    const shop = await simpleShop(t.conn.db);
    const item = inStock(shop.items);
    const page = sitePaths.product('fr', item.producerSlug, item.productSlug);
    expect((await fetch(t.url + page)).status).toBe(200);
    const manager = await managerOf(item.producerSlug);
    expect((await as(t, manager, 'POST', `/gestion/${item.producerSlug}/masquer`, {}, { form: true })).status).toBe(303);
    // The page cache keeps a page two seconds at most.
    await new Promise((r) => setTimeout(r, 2_100));
    expect((await fetch(t.url + page)).status).toBe(404);
    const cart = (await t.call('POST', '/api/carts', { hub: shop.hub.slug })).body.id as string;
    const add = await t.call('POST', `/api/carts/${cart}/lines`, { variantId: item.variantId, quantity: 1 });
    expect(add.status).toBe(422);
    const catalog = await loadCatalog(t.conn.db, Date.now());
    expect(catalog.products.some((p) => p.id === item.productId)).toBe(false);
    expect(catalog.enterprises.some((e) => e.slug === item.producerSlug)).toBe(false);
    expect((await as(t, manager, 'POST', `/gestion/${item.producerSlug}/publier`, {}, { form: true })).status).toBe(303);
  });
});
