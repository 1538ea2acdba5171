// Going live, as the platform administrator and the enterprises' managers do it in the back office: a
// new enterprise starts hidden (on no public page, its shop sells nothing) until it is published with
// everything a shopper needs; hiding takes it off again.
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubSummaries, loadCatalog } from '../../db/catalog/site.ts';
import {
  auditLog,
  categories,
  enterpriseManagers,
  enterpriseRelationships,
  enterprises,
  managerInvitations,
  outbox,
  paymentMethods,
  products,
  shippingMethods,
  stalePages,
  users,
} from '../../db/schema/index.ts';
import { paths as sitePaths } from '../../domain/catalog-paths.ts';
import { as, lastSignInLink, requestLink, signIn, type Session } from '../support/admin.ts';
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
    expect(order.status).toBe(422);
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

/** The newest invitation e-mailed to this address: its link and language. */
async function invitationMail(email: string) {
  const [row] = await t.conn.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.recipient, email), eq(outbox.topic, 'manager.invitation')))
    .orderBy(desc(outbox.id));
  return row
    ? {
        url: (row.payload as { url: string }).url,
        locale: row.locale,
        enterpriseName: (row.payload as { enterpriseName: string }).enterpriseName,
      }
    : null;
}
const managesSlug = async (email: string, slug: string) =>
  (
    await t.conn.db
      .select()
      .from(enterpriseManagers)
      .innerJoin(users, eq(users.id, enterpriseManagers.userId))
      .innerJoin(enterprises, eq(enterprises.id, enterpriseManagers.enterpriseId))
      .where(and(eq(users.email, email), eq(enterprises.slug, slug)))
  ).length === 1;
const actions = async (slug: string) =>
  (
    await t.conn.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .innerJoin(enterprises, eq(enterprises.id, auditLog.enterpriseId))
      .where(eq(enterprises.slug, slug))
  ).map((a) => a.action);

describe('managers', () => {
  it('creates an enterprise with its slug made from the name and its first manager invited, who signs in and manages it', async () => {
    for (const expected of ['ferme-des-quatre-vents', 'ferme-des-quatre-vents-2']) {
      const res = await as(
        t,
        admin,
        'POST',
        '/en/manage/platform/structures',
        {
          name: 'Ferme des Quatre Vents',
          slug: '',
          isProducer: 'on',
          managerEmail: expected === 'ferme-des-quatre-vents' ? 'vents@example.org' : 'vents2@example.org',
        },
        { form: true },
      );
      expect(res.status).toBe(303);
      expect(await enterpriseRow(expected)).toBeTruthy();
    }
    expect((await as(t, admin, 'GET', '/gestion/plateforme')).text).toContain('vents@example.org');
    const mail = (await invitationMail('vents@example.org'))!;
    expect(mail.locale).toBe('en');
    expect(mail.enterpriseName).toBe('Ferme des Quatre Vents');
    expect(new URL(mail.url).pathname).toBe('/en/manage/sign-in');
    expect((await t.conn.db.select().from(users).where(eq(users.email, 'vents@example.org'))).length).toBe(0);

    const landing = await fetch(mail.url);
    expect(landing.status).toBe(200);
    const html = await landing.text();
    expect(html).toContain('You are invited to manage Ferme des Quatre Vents');
    expect(html).toContain('value="vents@example.org"');

    const vents = await signIn(t, 'vents@example.org');
    expect(await managesSlug('vents@example.org', 'ferme-des-quatre-vents')).toBe(true);
    expect((await as(t, vents, 'GET', '/gestion/')).text).toContain('Ferme des Quatre Vents');
    expect((await as(t, vents, 'GET', '/gestion/ferme-des-quatre-vents/gestionnaires')).text).toContain('vents@example.org');
    expect(await actions('ferme-des-quatre-vents')).toEqual(expect.arrayContaining(['enterprise.create', 'manager.invitation-accepted']));

    const reused = await fetch(mail.url);
    expect(reused.status).toBe(410);
    expect(await reused.text()).toContain('This invitation was already used');
  });

  it('refuses an identifier typed by hand that is taken or reserved', async () => {
    for (const slug of ['ferme-des-quatre-vents', 'plateforme']) {
      const res = await as(t, admin, 'POST', '/api/manage/enterprises', {
        slug,
        name: 'X',
        isProducer: true,
        isHub: false,
        managerEmail: 'x@example.org',
      });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([{ field: 'slug', message: 'Cet identifiant est déjà pris.' }]);
    }
  });

  it('lets a manager invite another, who accepts while signed in, then remove them, but never the last manager', async () => {
    const vents = await signIn(t, 'vents@example.org');
    const shop = await simpleShop(t.conn.db);
    const other = await managerOf(shop.hub.slug);
    const invited = await as(
      t,
      vents,
      'POST',
      '/gestion/ferme-des-quatre-vents/gestionnaires/inviter',
      { email: other.email.toUpperCase() },
      { form: true },
    );
    expect(invited.status).toBe(303);
    const mail = (await invitationMail(other.email))!;
    expect(mail.locale).toBe('fr');
    const page = await as(t, other, 'GET', new URL(mail.url).pathname + new URL(mail.url).search);
    expect(page.text).toContain('Vous êtes invité·e à gérer Ferme des Quatre Vents');
    const accepted = await as(
      t,
      other,
      'POST',
      '/gestion/invitations/accepter',
      { invitation: new URL(mail.url).searchParams.get('invitation')! },
      { form: true },
    );
    expect(accepted.status).toBe(303);
    expect(await managesSlug(other.email, 'ferme-des-quatre-vents')).toBe(true);

    const list = await as(t, vents, 'GET', '/api/manage/enterprises/ferme-des-quatre-vents/managers');
    expect(list.body.managers.map((m: { email: string }) => m.email).sort()).toEqual([other.email, 'vents@example.org'].sort());
    const otherId = list.body.managers.find((m: { email: string }) => m.email === other.email).userId;
    const ventsId = list.body.managers.find((m: { email: string }) => m.email === 'vents@example.org').userId;
    expect(
      (await as(t, vents, 'POST', `/gestion/ferme-des-quatre-vents/gestionnaires/${otherId}/retirer`, {}, { form: true })).status,
    ).toBe(303);
    expect(await managesSlug(other.email, 'ferme-des-quatre-vents')).toBe(false);

    const last = await as(t, vents, 'POST', `/gestion/ferme-des-quatre-vents/gestionnaires/${ventsId}/retirer`, {}, { form: true });
    expect(last.status).toBe(422);
    expect(last.text).toContain('Une structure garde au moins un·e gestionnaire');
    expect(await managesSlug('vents@example.org', 'ferme-des-quatre-vents')).toBe(true);
    const api = await as(t, vents, 'DELETE', `/api/manage/enterprises/ferme-des-quatre-vents/managers/${ventsId}`);
    expect(api.status).toBe(422);
    expect(await actions('ferme-des-quatre-vents')).toEqual(expect.arrayContaining(['manager.invite', 'manager.remove']));
    // The one removed no longer gets in.
    expect((await as(t, other, 'GET', '/gestion/ferme-des-quatre-vents/gestionnaires')).status).toBe(403);
  });

  it('grants nothing for an expired, a cancelled invitation, or one opened signed in with another address', async () => {
    const vents = await signIn(t, 'vents@example.org');
    await as(t, vents, 'POST', '/gestion/ferme-des-quatre-vents/gestionnaires/inviter', { email: 'tard@example.org' }, { form: true });
    await t.conn.db
      .update(managerInvitations)
      .set({ expiresAt: Date.now() - 1000 })
      .where(eq(managerInvitations.email, 'tard@example.org'));
    const expired = await fetch((await invitationMail('tard@example.org'))!.url);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('Cette invitation a expiré');
    expect((await requestLink(t, 'tard@example.org')).status).toBe(200);
    expect(await lastSignInLink(t, 'tard@example.org')).toBeNull();
    expect((await t.conn.db.select().from(users).where(eq(users.email, 'tard@example.org'))).length).toBe(0);

    await as(t, vents, 'POST', '/gestion/ferme-des-quatre-vents/gestionnaires/inviter', { email: 'autre@example.org' }, { form: true });
    const url = new URL((await invitationMail('autre@example.org'))!.url);
    const stranger = await managerOf((await simpleShop(t.conn.db)).hub.slug);
    const mismatch = await as(t, stranger, 'GET', url.pathname + url.search);
    expect(mismatch.text).toContain(`adressée à autre@example.org, et vous êtes connecté·e en tant que ${stranger.email}`);
    const refused = await as(
      t,
      stranger,
      'POST',
      '/gestion/invitations/accepter',
      { invitation: url.searchParams.get('invitation')! },
      { form: true },
    );
    expect(refused.status).toBe(403);
    expect(await managesSlug(stranger.email, 'ferme-des-quatre-vents')).toBe(false);

    const pending = await as(t, vents, 'GET', '/api/manage/enterprises/ferme-des-quatre-vents/managers');
    const id = pending.body.invitations.find((i: { email: string }) => i.email === 'autre@example.org').id;
    expect((await as(t, vents, 'POST', `/gestion/ferme-des-quatre-vents/invitations/${id}/annuler`, {}, { form: true })).status).toBe(303);
    const cancelled = await fetch(t.url + url.pathname + url.search);
    expect(cancelled.status).toBe(410);
    expect(await cancelled.text()).toContain('Cette invitation a été annulée');
    expect((await requestLink(t, 'autre@example.org')).status).toBe(200);
    expect(await lastSignInLink(t, 'autre@example.org')).toBeNull();
    expect(await actions('ferme-des-quatre-vents')).toContain('manager.invitation-cancel');
  });
});

describe('relationships', () => {
  const rightsOf = async (producerId: number, hubId: number) =>
    (
      await t.conn.db
        .select({
          canAddToCycles: enterpriseRelationships.canAddToCycles,
          canOverridePrice: enterpriseRelationships.canOverridePrice,
          canOverrideStock: enterpriseRelationships.canOverrideStock,
        })
        .from(enterpriseRelationships)
        .where(and(eq(enterpriseRelationships.producerId, producerId), eq(enterpriseRelationships.hubId, hubId)))
    )[0];

  it('keeps the price and stock rights when the platform page re-saves a relationship', async () => {
    const [rel] = await t.conn.db.select().from(enterpriseRelationships).limit(1);
    const producer = (await t.conn.db.select().from(enterprises).where(eq(enterprises.id, rel!.producerId)))[0]!;
    const hub = (await t.conn.db.select().from(enterprises).where(eq(enterprises.id, rel!.hubId)))[0]!;
    await t.conn.db
      .update(enterpriseRelationships)
      .set({ canAddToCycles: true, canOverridePrice: true, canOverrideStock: true })
      .where(and(eq(enterpriseRelationships.producerId, producer.id), eq(enterpriseRelationships.hubId, hub.id)));

    const page = await as(t, admin, 'GET', '/gestion/plateforme');
    // The row's boxes show the rights it has: all three ticked.
    const row = page.text
      .split('<form')
      .find((f) => f.includes(`name="producer" value="${producer.slug}"`) && f.includes(`name="hub" value="${hub.slug}"`))!;
    expect(row.match(/checked/g)?.length).toBe(3);
    // Saving the row as shown (the boxes ticked are sent) keeps every right.
    const saved = await as(
      t,
      admin,
      'POST',
      '/gestion/plateforme/relations',
      { producer: producer.slug, hub: hub.slug, canAddToCycles: 'on', canOverridePrice: 'on', canOverrideStock: 'on', action: 'set' },
      { form: true },
    );
    expect(saved.status).toBe(303);
    expect(await rightsOf(producer.id, hub.id)).toEqual({ canAddToCycles: true, canOverridePrice: true, canOverrideStock: true });
    // The JSON API: a right left out keeps its state.
    expect((await as(t, admin, 'PUT', '/api/manage/relationships', { producer: producer.slug, hub: hub.slug })).status).toBe(204);
    expect(await rightsOf(producer.id, hub.id)).toEqual({ canAddToCycles: true, canOverridePrice: true, canOverrideStock: true });
    // Unticking one box withdraws that right only.
    await as(
      t,
      admin,
      'POST',
      '/gestion/plateforme/relations',
      { producer: producer.slug, hub: hub.slug, canAddToCycles: 'on', canOverrideStock: 'on', action: 'set' },
      { form: true },
    );
    expect(await rightsOf(producer.id, hub.id)).toEqual({ canAddToCycles: true, canOverridePrice: false, canOverrideStock: true });
  });

  it('lets a producer grant a hub itself, change its rights and withdraw them, audited and with the hub’s pages marked stale', async () => {
    const producer = (await enterpriseRow('ferme-des-quatre-vents'))!;
    const hub = (await enterpriseRow('epicerie-du-lac'))!;
    const vents = await signIn(t, 'vents@example.org');
    const page = await as(t, vents, 'GET', '/gestion/ferme-des-quatre-vents/boutiques');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Épicerie du Lac');
    await t.conn.db.delete(stalePages);
    const added = await as(
      t,
      vents,
      'POST',
      '/gestion/ferme-des-quatre-vents/boutiques',
      { hub: 'epicerie-du-lac', canAddToCycles: 'on', canOverridePrice: 'on', action: 'set' },
      { form: true },
    );
    expect(added.status).toBe(303);
    expect(await rightsOf(producer.id, hub.id)).toEqual({ canAddToCycles: true, canOverridePrice: true, canOverrideStock: false });
    expect((await t.conn.db.select().from(stalePages)).map((x) => x.path)).toContain(sitePaths.shop('fr', 'epicerie-du-lac'));
    expect((await as(t, vents, 'GET', '/en/manage/ferme-des-quatre-vents/hubs')).text).toContain('Épicerie du Lac');

    await as(t, vents, 'POST', '/gestion/ferme-des-quatre-vents/boutiques', { hub: 'epicerie-du-lac', action: 'set' }, { form: true });
    expect(await rightsOf(producer.id, hub.id)).toEqual({ canAddToCycles: false, canOverridePrice: false, canOverrideStock: false });
    await as(t, vents, 'POST', '/gestion/ferme-des-quatre-vents/boutiques', { hub: 'epicerie-du-lac', action: 'remove' }, { form: true });
    expect(await rightsOf(producer.id, hub.id)).toBeUndefined();
    expect(await actions('epicerie-du-lac')).toEqual(expect.arrayContaining(['relationship.set', 'relationship.remove']));

    // Another producer's relationships are not this producer's to change.
    const shop = await simpleShop(t.conn.db);
    const other = await managerOf(shop.hub.slug);
    expect((await as(t, other, 'GET', '/gestion/ferme-des-quatre-vents/boutiques')).status).toBe(403);
    expect(
      (await as(t, vents, 'POST', '/gestion/ferme-des-quatre-vents/boutiques', { hub: 'inconnue', action: 'set' }, { form: true })).status,
    ).toBe(422);
  });
});

describe('the public site', () => {
  it('links every page to the back office, and shows a shop’s contact (and no producer’s) on its page', async () => {
    const shop = await simpleShop(t.conn.db);
    const hub = (await enterpriseRow(shop.hub.slug))!;
    const fr = await (await fetch(t.url + sitePaths.shop('fr', shop.hub.slug))).text();
    expect(fr).toContain('<a href="/gestion/">Espace producteurs et boutiques</a>');
    expect(fr).toContain('Contacter la boutique');
    if (hub.phone) expect(fr).toContain(hub.phone);
    if (hub.email) expect(fr).toContain(`mailto:${hub.email}`);
    expect(fr).toContain(hub.addressLine);
    const en = await (await fetch(t.url + sitePaths.shop('en', shop.hub.slug))).text();
    expect(en).toContain('<a href="/en/manage/">For producers and shops</a>');
    expect(en).toContain('Contact the shop');
    const home = await (await fetch(t.url + sitePaths.home('fr'))).text();
    expect(home).toContain('<a href="/gestion/">Espace producteurs et boutiques</a>');

    const item = shop.items[0]!;
    const producer = (await enterpriseRow(item.producerSlug))!;
    const producerPage = await (await fetch(t.url + sitePaths.producer('fr', item.producerSlug))).text();
    expect(producerPage).toContain(producer.name);
    if (producer.email) expect(producerPage).not.toContain(producer.email);
    if (producer.phone && !producer.isHub) expect(producerPage).not.toContain(producer.phone);
  });
});

describe('categories and labels', () => {
  const category = async (slug: string) => (await t.conn.db.select().from(categories).where(eq(categories.slug, slug)))[0];
  const post = (body: Record<string, string>) => as(t, admin, 'POST', '/gestion/plateforme/categories-et-labels', body, { form: true });

  it('lets the platform administrator create, rename, order and delete an unused category', async () => {
    expect((await as(t, admin, 'GET', '/en/manage/platform/categories-and-labels')).status).toBe(200);
    expect((await post({ kind: 'category', action: 'create', nameFr: 'Champignons', nameEn: 'Mushrooms', position: '145' })).status).toBe(
      303,
    );
    const made = (await category('champignons'))!;
    expect(made).toMatchObject({ nameFr: 'Champignons', nameEn: 'Mushrooms', position: 145, retiredAt: null });
    await post({
      kind: 'category',
      action: 'save',
      id: String(made.id),
      nameFr: 'Champignons sauvages',
      nameEn: 'Wild mushrooms',
      position: '5',
    });
    expect(await category('champignons')).toMatchObject({ nameFr: 'Champignons sauvages', nameEn: 'Wild mushrooms', position: 5 });
    const page = await as(t, admin, 'GET', '/gestion/plateforme/categories-et-labels');
    expect(page.text.indexOf('Champignons sauvages')).toBeLessThan(
      page.text.indexOf('value="Fruits"') === -1 ? Infinity : page.text.indexOf('value="Fruits"'),
    );
    expect((await post({ kind: 'category', action: 'delete', id: String(made.id) })).status).toBe(303);
    expect(await category('champignons')).toBeUndefined();
    expect((await post({ kind: 'label', action: 'create', nameFr: 'Bee Friendly', nameEn: 'Bee Friendly', position: '200' })).status).toBe(
      303,
    );
    const refused = await post({ kind: 'category', action: 'create', nameFr: '', nameEn: 'X', position: '1' });
    expect(refused.status).toBe(422);
  });

  it('retires a category in use instead of deleting it: it stays on its products and on the public catalog', async () => {
    const shop = await simpleShop(t.conn.db);
    const [product] = await t.conn.db.select().from(products).where(eq(products.id, shop.items[0]!.productId));
    const id = String(product!.categoryId);
    const refused = await post({ kind: 'category', action: 'delete', id });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('retirez-la plutôt');
    expect((await t.conn.db.select().from(categories).where(eq(categories.id, product!.categoryId))).length).toBe(1);

    expect((await post({ kind: 'category', action: 'retire', id })).status).toBe(303);
    const [retired] = await t.conn.db.select().from(categories).where(eq(categories.id, product!.categoryId));
    expect(retired!.retiredAt).not.toBeNull();
    expect((await t.conn.db.select().from(products).where(eq(products.id, product!.id)))[0]!.categoryId).toBe(product!.categoryId);
    const catalog = await loadCatalog(t.conn.db, Date.now());
    expect(catalog.categories.some((c) => c.id === product!.categoryId)).toBe(true);
    expect(catalog.products.find((p) => p.id === product!.id)?.categoryId).toBe(product!.categoryId);
    expect((await post({ kind: 'category', action: 'restore', id })).status).toBe(303);
    expect((await t.conn.db.select().from(categories).where(eq(categories.id, product!.categoryId)))[0]!.retiredAt).toBeNull();
  });

  it('is the platform administrator’s only', async () => {
    const manager = await managerOf((await simpleShop(t.conn.db)).hub.slug);
    expect((await as(t, manager, 'GET', '/gestion/plateforme/categories-et-labels')).status).toBe(403);
    expect(
      (
        await as(
          t,
          manager,
          'POST',
          '/gestion/plateforme/categories-et-labels',
          { kind: 'category', action: 'create', nameFr: 'X', nameEn: 'X', position: '1' },
          { form: true },
        )
      ).status,
    ).toBe(403);
  });
});
