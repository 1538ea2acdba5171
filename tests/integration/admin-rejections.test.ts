// Each remaining back-office use case refuses bad input with a clear problem and changes nothing:
// tokens, products, cycles, checkout settings, customers and tag rules, the platform's enterprises.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens, enterprises, paymentMethods, tagVariantRules } from '../../db/schema/index.ts';
import { as, signIn, type Session } from '../support/admin.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';

let t: TestWorker;
let julie: Session;
let elise: Session;
let thomas: Session;
let admin: Session;

beforeAll(async () => {
  t = await startTestWorker();
  julie = await signIn(t, 'julie.moreau@example.org');
  elise = await signIn(t, 'elise.bernard@example.org');
  thomas = await signIn(t, 'thomas.lefevre@example.org');
  admin = await signIn(t, 'admin@example.org');
});
afterAll(() => t?.close());

const A = 'les-jardins-de-la-feuillade';
const HUB = 'la-ruche-du-plateau';
const DRIVE = 'drive-fermier-de-la-vallee';
const count = async (table: string) => (await t.conn.db.all<{ n: number }>(sql.raw(`SELECT count(*) AS n FROM ${table}`)))[0]!.n;

describe('refusals', () => {
  it('API tokens: a nameless token, and revoking one that is not there', async () => {
    const before = await count('api_tokens');
    const res = await as(t, julie, 'POST', `/api/manage/enterprises/${A}/tokens`, { name: '  ' });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ field: 'name', message: 'Donnez un nom au jeton.' }]);
    expect((await as(t, julie, 'DELETE', `/api/manage/enterprises/${A}/tokens/999999`)).status).toBe(404);
    expect(await count('api_tokens')).toBe(before);
    expect(await t.conn.db.select().from(apiTokens).where(eq(apiTokens.name, '  '))).toEqual([]);
  });

  it('products: a price slipped in as text, a product without variants, a variant that is not there', async () => {
    const before = await count('products');
    const typed = await as(t, julie, 'POST', `/api/manage/producers/${A}/products`, {
      name: 'Navets',
      categoryId: 1,
      variants: [{ name: '1 kg', unitKind: 'weight', unitValue: 1000, priceCents: '2,50', vatRateBp: 550 }],
    });
    expect(typed.status).toBe(422);
    expect(typed.body.errors[0]).toMatchObject({ field: 'variants.0.priceCents' });
    const empty = await as(t, julie, 'POST', `/api/manage/producers/${A}/products`, { name: 'Navets', categoryId: 1, variants: [] });
    expect(empty.status).toBe(422);
    expect(empty.body.errors).toEqual([{ field: 'variants', message: 'Un produit a au moins une variante (ex. : « 1 kg »).' }]);
    const [p] = await t.conn.db.all<{ id: number }>(
      sql`SELECT p.id FROM products p JOIN enterprises e ON e.id = p.producer_id WHERE e.slug = ${A} LIMIT 1`,
    );
    expect((await as(t, julie, 'DELETE', `/api/manage/producers/${A}/products/${p!.id}/variants/999999`)).status).toBe(404);
    expect(await count('products')).toBe(before);
  });

  it('cycles: a new cycle that closes before it opens', async () => {
    const before = await count('order_cycles');
    const now = Date.now();
    const res = await as(t, elise, 'POST', `/api/manage/hubs/${HUB}/cycles`, {
      name: 'À l’envers',
      opensAt: now + 2e8,
      closesAt: now + 1e8,
      variantIds: [],
    });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ field: 'closesAt', message: 'La fermeture doit suivre l’ouverture.' }]);
    const page = await as(
      t,
      elise,
      'POST',
      `/gestion/${HUB}/cycles/nouveau`,
      { name: 'Sans dates', opensAt: 'demain', closesAt: '' },
      { form: true },
    );
    expect(page.status).toBe(422);
    expect(page.text).toContain('Date et heure attendues');
    expect(await count('order_cycles')).toBe(before);
  });

  it('checkout settings: card payment without a connected Stripe account, a negative minimum', async () => {
    const before = await t.conn.db.select().from(paymentMethods);
    const card = await as(t, thomas, 'POST', `/api/manage/hubs/${DRIVE}/payment-methods`, { name: 'Carte', kind: 'card', description: '' });
    expect(card.status).toBe(422);
    expect(card.body.errors[0].message).toContain('compte Stripe connecté');
    expect(await t.conn.db.select().from(paymentMethods)).toEqual(before);
    const min = await as(t, elise, 'PUT', `/api/manage/hubs/${HUB}/terms`, { termsText: null, minOrderCents: -100 });
    expect(min.status).toBe(422);
    const [hub] = await t.conn.db.select().from(enterprises).where(eq(enterprises.slug, HUB));
    expect(hub!.minOrderCents).toBeGreaterThanOrEqual(0);
  });

  it('customers and tag rules: an invalid address, a variant from elsewhere, a rule that is not there', async () => {
    const bad = await as(t, elise, 'PUT', `/api/manage/hubs/${HUB}/customers`, { email: 'pas-une-adresse', name: 'X', tags: ['adhérent'] });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0]).toMatchObject({ field: 'email' });
    const [foreign] = await t.conn.db.all<{ id: number }>(
      sql`SELECT v.id FROM variants v JOIN products p ON p.id = v.product_id JOIN enterprises e ON e.id = p.producer_id WHERE e.slug = 'les-vergers-de-la-vezere' LIMIT 1`,
    );
    const rules = await t.conn.db.select().from(tagVariantRules);
    const rule = await as(t, elise, 'POST', `/api/manage/hubs/${HUB}/tag-rules`, {
      tag: 'adhérent',
      variantId: foreign!.id,
      priceCents: 100,
    });
    expect(rule.status).toBe(422);
    expect(rule.body.errors[0].message).toContain('ne vient pas d’un producteur de votre boutique');
    expect((await as(t, elise, 'DELETE', `/api/manage/hubs/${HUB}/tag-rules/999999`)).status).toBe(404);
    expect(await t.conn.db.select().from(tagVariantRules)).toEqual(rules);
  });

  it('the platform: an identifier already taken, a relationship with an unknown producer', async () => {
    const before = await count('enterprises');
    const taken = await as(t, admin, 'POST', '/api/manage/enterprises', {
      slug: A,
      name: 'Doublon',
      isProducer: true,
      isHub: false,
      managerEmail: 'new@example.org',
    });
    expect(taken.status).toBe(422);
    expect(taken.body.errors).toEqual([{ field: 'slug', message: 'Cet identifiant est déjà pris.' }]);
    const rel = await as(t, admin, 'PUT', '/api/manage/relationships', { producer: 'inconnu', hub: HUB });
    expect(rel.status).toBe(422);
    expect(await count('enterprises')).toBe(before);
    const ok = await as(t, admin, 'POST', '/api/manage/enterprises', {
      slug: 'ferme-nouvelle',
      name: 'Ferme nouvelle',
      isProducer: true,
      isHub: false,
      managerEmail: 'paul.nouveau@example.org',
    });
    expect(ok.status).toBe(201);
    const paul = await signIn(t, 'paul.nouveau@example.org');
    expect((await as(t, paul, 'GET', '/api/manage/me')).body.enterprises).toEqual([
      { slug: 'ferme-nouvelle', name: 'Ferme nouvelle', isProducer: true, isHub: false },
    ]);
  });
});
