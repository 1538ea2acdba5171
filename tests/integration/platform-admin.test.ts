// The platform administration as producers, shoppers and the administrator meet it (issue 10, part 2).
// Categories and labels: a retired one is no longer offered on the product and profile forms nor
// accepted for a new product, but stays on what has it, whose form and CSV row keep it; renaming one, or
// moving a category in the platform's order, marks the public pages that show it stale, so the next
// rebuild republishes them. A new enterprise refused is shown again as typed, with why.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  categories,
  enterpriseLabels,
  enterpriseManagers,
  enterprises,
  labels,
  productLabels,
  products,
  stalePages,
  users,
} from '../../db/schema/index.ts';
import { paths as sitePaths } from '../../domain/catalog-paths.ts';
import { as, signIn, type Session } from '../support/admin.ts';
import { simpleShop, type DemoShop } from '../support/demo-data.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';

let t: TestWorker;
let admin: Session;
let producer: Session;
let shop: DemoShop;
/** A product of the shop carrying a label, its producer, its category and that label. */
let item: DemoShop['items'][number];
let categoryId: number;
let labelId: number;

beforeAll(async () => {
  t = await startTestWorker();
  const [row] = await t.conn.db.select({ email: users.email }).from(users).where(eq(users.isPlatformAdmin, true));
  admin = await signIn(t, row!.email);
  shop = await simpleShop(t.conn.db);
  const labelled = await t.conn.db
    .select({ productId: productLabels.productId, labelId: productLabels.labelId })
    .from(productLabels)
    .where(
      inArray(
        productLabels.productId,
        shop.items.map((i) => i.productId),
      ),
    );
  item = shop.items.find((i) => labelled.some((l) => l.productId === i.productId))!;
  labelId = labelled.find((l) => l.productId === item.productId)!.labelId;
  categoryId = (await t.conn.db.select().from(products).where(eq(products.id, item.productId)))[0]!.categoryId;
  const [manager] = await t.conn.db
    .select({ email: users.email })
    .from(users)
    .innerJoin(enterpriseManagers, eq(enterpriseManagers.userId, users.id))
    .innerJoin(enterprises, eq(enterprises.id, enterpriseManagers.enterpriseId))
    .where(eq(enterprises.slug, item.producerSlug));
  producer = await signIn(t, manager!.email);
}, 120_000);
afterAll(() => t?.close());

const taxonomy = (body: Record<string, string>) => as(t, admin, 'POST', '/gestion/plateforme/categories-et-labels', body, { form: true });
const categoryRow = async (id: number) => (await t.conn.db.select().from(categories).where(eq(categories.id, id)))[0]!;
const labelRow = async (id: number) => (await t.conn.db.select().from(labels).where(eq(labels.id, id)))[0]!;
const stale = async () => (await t.conn.db.select({ path: stalePages.path }).from(stalePages)).map((s) => s.path);
const productApi = (id: number | string = '') => `/api/manage/producers/${item.producerSlug}/products${id === '' ? '' : `/${id}`}`;

describe('retired categories and labels', () => {
  it('are no longer offered to producers, nor accepted for a new product', async () => {
    const unused = (await taxonomy({ kind: 'category', action: 'create', nameFr: 'Algues', nameEn: 'Seaweed', position: '5' })).status;
    expect(unused).toBe(303);
    const algues = (await t.conn.db.select().from(categories).where(eq(categories.slug, 'algues')))[0]!;
    const before = await as(t, producer, 'GET', `/gestion/${item.producerSlug}/produits/nouveau`);
    expect(before.text).toContain(`<option value="${algues.id}"`);
    expect(before.text).toContain(`name="labelIds" value="${labelId}"`);

    for (const [kind, id] of [
      ['category', algues.id],
      ['category', categoryId],
      ['label', labelId],
    ] as const)
      expect((await taxonomy({ kind, action: 'retire', id: String(id) })).status).toBe(303);

    const form = await as(t, producer, 'GET', `/gestion/${item.producerSlug}/produits/nouveau`);
    expect(form.status).toBe(200);
    expect(form.text).not.toContain(`<option value="${algues.id}"`);
    expect(form.text).not.toContain(`<option value="${categoryId}"`);
    expect(form.text).not.toContain(`name="labelIds" value="${labelId}"`);
    // Still offered: the others.
    expect(form.text).toMatch(/<option value="\d+"/);

    const refused = await as(t, producer, 'POST', productApi(), {
      name: 'Salicorne',
      categoryId: algues.id,
      labelIds: [labelId],
      variants: [{ name: 'botte', unitKind: 'items', unitValue: 1, priceCents: 350, vatRateBp: 550, onHand: 5 }],
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'categoryId', message: 'Choisissez une catégorie.' },
        { field: 'labelIds', message: 'Label inconnu.' },
      ]),
    );
    expect((await t.conn.db.select().from(products).where(eq(products.name, 'Salicorne'))).length).toBe(0);
  });

  it('stay on the product that has them: its form shows them chosen, and saving it again keeps them', async () => {
    const page = await as(t, producer, 'GET', `/gestion/${item.producerSlug}/produits/${item.productId}`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(new RegExp(`<option value="${categoryId}" selected`));
    expect(page.text).toMatch(new RegExp(`name="labelIds" value="${labelId}" checked`));

    const current = (await as(t, producer, 'GET', productApi(item.productId))).body;
    const body = {
      name: current.product.name,
      categoryId,
      description: current.product.description,
      labelIds: current.labelIds,
      variants: current.variants
        .filter((v: { archivedAt: number | null }) => v.archivedAt === null)
        .map((v: Record<string, unknown>) => ({
          id: v.variantId,
          name: v.name,
          unitKind: v.unitKind,
          unitValue: v.unitValue,
          priceCents: v.priceCents,
          vatRateBp: v.vatRateBp,
          onHand: v.onHand,
          onDemand: v.onDemand,
          maxPerOrder: v.maxPerOrder,
        })),
    };
    const saved = await as(t, producer, 'PUT', productApi(item.productId), { ...body, description: `${body.description} ` });
    expect(saved.status, JSON.stringify(saved.body)).toBeLessThan(300);
    const [after] = await t.conn.db.select().from(products).where(eq(products.id, item.productId));
    expect(after!.categoryId).toBe(categoryId);
    expect(
      (await t.conn.db.select().from(productLabels).where(eq(productLabels.productId, item.productId))).map((l) => l.labelId),
    ).toContain(labelId);

    // The CSV round trip: the exported rows name the retired category again, and import without an error.
    const csv = await (
      await fetch(`${t.url}${productApi().replace('/products', '/catalog.csv')}`, { headers: { cookie: producer.cookie } })
    ).text();
    expect(csv).toContain((await categoryRow(categoryId)).slug);
    const preview = await fetch(`${t.url}${productApi().replace('/products', '/catalog/import')}`, {
      method: 'POST',
      headers: { cookie: producer.cookie, origin: t.url, 'content-type': 'text/csv' },
      body: csv,
    });
    expect(preview.status, await preview.clone().text()).toBe(200);
  });
  it('stay on the enterprise profile that carries a retired label, and are offered to no other', async () => {
    const holder = await t.conn.db.select().from(enterpriseLabels).where(eq(enterpriseLabels.labelId, labelId));
    const carrying = (await t.conn.db.select().from(enterprises).where(eq(enterprises.slug, item.producerSlug)))[0]!;
    if (!holder.some((h) => h.enterpriseId === carrying.id))
      await t.conn.db.insert(enterpriseLabels).values({ enterpriseId: carrying.id, labelId });
    const own = await as(t, producer, 'GET', `/gestion/${item.producerSlug}/profil`);
    expect(own.text).toMatch(new RegExp(`name="label_${labelId}" checked`));
    const hubManager = await signIn(
      t,
      (
        await t.conn.db
          .select({ email: users.email })
          .from(users)
          .innerJoin(enterpriseManagers, eq(enterpriseManagers.userId, users.id))
          .where(eq(enterpriseManagers.enterpriseId, shop.hub.id))
      )[0]!.email,
    );
    // The hub does not carry the retired label (the demo's hubs carry none): its form must not offer it.
    expect(holder.some((h) => h.enterpriseId === shop.hub.id)).toBe(false);
    const other = await as(t, hubManager, 'GET', `/gestion/${shop.hub.slug}/profil`);
    expect(other.status).toBe(200);
    expect(other.text).not.toContain(`name="label_${labelId}"`);
  });
});

describe('renaming or reordering a category or label', () => {
  it('marks the shop and producer pages that show a category stale when it is renamed or moved', async () => {
    await t.conn.db.delete(stalePages);
    const c = await categoryRow(categoryId);
    const entry = {
      kind: 'category',
      action: 'save',
      id: String(categoryId),
      nameFr: c.nameFr,
      nameEn: c.nameEn,
      position: String(c.position),
    };
    // Saved as it is, or retired and brought back: no public page changes.
    expect((await taxonomy(entry)).status).toBe(303);
    expect((await taxonomy({ kind: 'category', action: 'restore', id: String(categoryId) })).status).toBe(303);
    expect(await stale()).toEqual([]);

    expect((await taxonomy({ ...entry, nameFr: `${c.nameFr} de saison` })).status).toBe(303);
    expect((await categoryRow(categoryId)).nameFr).toBe(`${c.nameFr} de saison`);
    const renamed = await stale();
    for (const lang of ['fr', 'en'] as const) {
      expect(renamed).toContain(sitePaths.shop(lang, shop.hub.slug));
      expect(renamed).toContain(sitePaths.producer(lang, item.producerSlug));
    }
    // A producer with no product in it is not touched.
    const [other] = await t.conn.db.all<{ slug: string }>(
      sql`SELECT e.slug FROM enterprises e WHERE e.is_producer = 1 AND NOT EXISTS (SELECT 1 FROM products p WHERE p.producer_id = e.id AND p.category_id = ${categoryId}) LIMIT 1`,
    );
    expect(other).toBeDefined();
    expect(renamed).not.toContain(sitePaths.producer('fr', other!.slug));

    await t.conn.db.delete(stalePages);
    expect((await taxonomy({ ...entry, nameFr: `${c.nameFr} de saison`, position: String(c.position + 1) })).status).toBe(303);
    expect(await stale()).toContain(sitePaths.shop('fr', shop.hub.slug));
    // A rebuild is queued for them.
    expect((await t.call('GET', `/api/pages/status?path=${sitePaths.shop('fr', shop.hub.slug)}`)).body.state).toBe('stale');
  });

  it('marks the pages showing a label, and the list of producers when a producer carries it, when it is renamed', async () => {
    await t.conn.db.delete(stalePages);
    const l = await labelRow(labelId);
    const entry = { kind: 'label', action: 'save', id: String(labelId), nameFr: l.nameFr, nameEn: l.nameEn, position: String(l.position) };
    // Labels are shown in a fixed order: moving one changes no page.
    expect((await taxonomy({ ...entry, position: String(l.position + 3) })).status).toBe(303);
    expect(await stale()).toEqual([]);
    expect((await taxonomy({ ...entry, nameEn: `${l.nameEn} (certified)` })).status).toBe(303);
    const renamed = await stale();
    expect(renamed).toContain(sitePaths.shop('en', shop.hub.slug));
    expect(renamed).toContain(sitePaths.producer('en', item.producerSlug));
    const carried = await t.conn.db.select().from(enterpriseLabels).where(eq(enterpriseLabels.labelId, labelId));
    if (carried.length) expect(renamed).toContain(sitePaths.producers('fr'));
    else expect(renamed).not.toContain(sitePaths.producers('fr'));
    expect(
      await t.conn.db
        .select()
        .from(labels)
        .where(and(eq(labels.id, labelId), eq(labels.nameEn, `${l.nameEn} (certified)`))),
    ).toHaveLength(1);
  });
});

describe('a new enterprise refused', () => {
  it('shows the form again with what was typed and why, and creates nothing', async () => {
    const typed = { name: 'Les Ruches du Causse', slug: '', managerEmail: 'causse@example.org' };
    const noRole = await as(t, admin, 'POST', '/gestion/plateforme/structures', typed, { form: true });
    expect(noRole.status).toBe(422);
    expect(noRole.text).toContain('Cochez producteur, boutique, ou les deux.');
    expect(noRole.text).toContain('value="Les Ruches du Causse"');
    expect(noRole.text).toContain('value="causse@example.org"');
    const taken = await as(
      t,
      admin,
      'POST',
      '/en/manage/platform/structures',
      { ...typed, slug: item.producerSlug, isProducer: 'on' },
      { form: true },
    );
    expect(taken.status).toBe(422);
    expect(taken.text).toContain('Cet identifiant est déjà pris.');
    expect(taken.text).toMatch(/name="isProducer" checked/);
    expect(taken.text).toContain(`value="${item.producerSlug}"`);
    expect((await t.conn.db.select().from(enterprises).where(eq(enterprises.name, 'Les Ruches du Causse'))).length).toBe(0);
    expect(await t.conn.db.all(sql`SELECT 1 FROM manager_invitations WHERE email = 'causse@example.org'`)).toEqual([]);
    // The JSON API says the same, as problem+json.
    const api = await as(t, admin, 'POST', '/api/manage/enterprises', { ...typed, isProducer: false, isHub: false });
    expect(api.status).toBe(422);
    expect(api.body.errors).toEqual([{ field: 'isProducer', message: 'Cochez producteur, boutique, ou les deux.' }]);
  });
});
