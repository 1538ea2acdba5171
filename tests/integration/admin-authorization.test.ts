// The authorization matrix: every back-office endpoint × every kind of caller → the expected status,
// table-driven against the built worker; then what each caller sees in lists and reports.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogVariants } from '../../db/catalog/products.ts';
import { enterpriseBySlug } from '../../db/enterprises/enterprises.ts';
import { users } from '../../db/schema/index.ts';
import { as, signIn, type Session } from '../support/admin.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';
import { placeOrder, shopOf } from '../support/orders.ts';

const A = 'les-jardins-de-la-feuillade';
const B = 'gaec-du-puy-chabrol';
const HUB = 'la-ruche-du-plateau';
const OTHER_HUB = 'drive-fermier-de-la-vallee';

const ROLES = ['anonymous', 'shopper', 'producerA', 'producerB', 'hub', 'otherHub', 'admin', 'tokenA', 'tokenHub'] as const;
type Role = (typeof ROLES)[number];

let t: TestWorker;
const who = {} as Record<Role, Session | { token: string } | null>;
let ids: { variantA: number; productA: number; cycle: number; otherCycle: number; order: string; otherOrder: string };

beforeAll(async () => {
  t = await startTestWorker();
  await t.conn.db.insert(users).values({ email: 'shopper@example.org', name: 'Une cliente' });
  const [shopper, producerA, producerB, hub, otherHub, admin] = await Promise.all(
    [
      'shopper@example.org',
      'julie.moreau@example.org',
      'anne.delmas@example.org',
      'elise.bernard@example.org',
      'thomas.lefevre@example.org',
      'admin@example.org',
    ].map((e) => signIn(t, e)),
  );
  // Signing in in parallel shares the rate-limit counter reset; sign in again any that lost a race.
  Object.assign(who, { anonymous: null, shopper, producerA, producerB, hub, otherHub, admin });
  const tokenA = await as(t, producerA!, 'POST', `/api/manage/enterprises/${A}/tokens`, { name: 'caisse' });
  const tokenHub = await as(t, hub!, 'POST', `/api/manage/enterprises/${HUB}/tokens`, { name: 'tableur' });
  expect(tokenA.status).toBe(201);
  who.tokenA = { token: tokenA.body.token };
  who.tokenHub = { token: tokenHub.body.token };

  const ruche = await shopOf(t, HUB);
  const drive = await shopOf(t, OTHER_HUB);
  const producerAId = (await enterpriseBySlug(t.conn.db, A))!.id;
  const producerBId = (await enterpriseBySlug(t.conn.db, B))!.id;
  const fromA = ruche.items.find((i) => i.producerId === producerAId && !i.onDemand && i.onHand >= 5)!;
  const fromB = ruche.items.find((i) => i.producerId === producerBId && (i.onDemand || i.onHand >= 5))!;
  const order = await placeOrder(
    t,
    ruche,
    [
      { item: fromA, quantity: 2 },
      { item: fromB, quantity: 1 },
    ],
    { name: 'Marie Chabanne', email: 'marie.chabanne@example.org', phone: '06 39 98 00 01' },
  );
  const driveItem = drive.items.find((i) => i.onDemand || i.onHand >= 5)!;
  const otherOrder = await placeOrder(t, drive, [{ item: driveItem, quantity: 1 }], {
    name: 'Paul Drive',
    email: 'paul@example.org',
    phone: '06 00 00 00 00',
  });
  const variantA = (await catalogVariants(t.conn.db, producerAId))[0]!;
  ids = {
    variantA: variantA.variantId,
    productA: variantA.productId,
    cycle: ruche.hub.open.cycleId,
    otherCycle: drive.hub.open.cycleId,
    order,
    otherOrder,
  };
});
afterAll(() => t?.close());

//                 anonymous shopper producerA producerB hub otherHub admin tokenA tokenHub
const producerOnly = [401, 403, 200, 403, 403, 403, 403, 200, 403];
// Pages answer an API token by the same policy as the API (pages redirect anonymous callers to sign in).
const producerPage = [303, 403, 200, 403, 403, 403, 403, 200, 403];
const hubOnly = [401, 403, 403, 403, 200, 403, 403, 403, 200];
const hubPage = [303, 403, 403, 403, 200, 403, 403, 403, 200];

interface Case {
  name: string;
  method: string;
  path: () => string;
  body?: () => unknown;
  form?: boolean;
  expected: number[];
}

const cases: Case[] = [
  { name: 'who am I', method: 'GET', path: () => '/api/manage/me', expected: [401, 200, 200, 200, 200, 200, 200, 200, 200] },
  { name: 'dashboard page', method: 'GET', path: () => '/gestion/', expected: [303, 200, 200, 200, 200, 200, 200, 403, 403] },
  // Producer A's catalog.
  { name: 'list products', method: 'GET', path: () => `/api/manage/producers/${A}/products`, expected: producerOnly },
  { name: 'read a product', method: 'GET', path: () => `/api/manage/producers/${A}/products/${ids.productA}`, expected: producerOnly },
  {
    name: 'create a product',
    method: 'POST',
    path: () => `/api/manage/producers/${A}/products`,
    body: () => ({
      name: `Essai ${Math.random()}`,
      categoryId: 1,
      variants: [{ name: '1 kg', unitKind: 'weight', unitValue: 1000, priceCents: 300, vatRateBp: 550, onHand: 3 }],
    }),
    expected: [401, 403, 201, 403, 403, 403, 403, 201, 403],
  },
  {
    name: 'bulk prices and stock',
    method: 'PATCH',
    path: () => `/api/manage/producers/${A}/variants`,
    body: () => ({ variants: [{ id: ids.variantA, priceCents: 333, onHand: 7, onDemand: false }] }),
    expected: producerOnly,
  },
  {
    name: 'archive a product',
    method: 'POST',
    path: () => `/api/manage/producers/${A}/products/${ids.productA}/archive`,
    body: () => ({ archived: false }),
    expected: [401, 403, 204, 403, 403, 403, 403, 204, 403],
  },
  { name: 'export the catalog', method: 'GET', path: () => `/api/manage/producers/${A}/catalog.csv`, expected: producerOnly },
  {
    name: 'preview an import',
    method: 'POST',
    path: () => `/api/manage/producers/${A}/catalog/import`,
    body: () => ({}),
    expected: [401, 403, 422, 403, 403, 403, 403, 422, 403],
  },
  { name: 'producer’s sales', method: 'GET', path: () => `/api/manage/producers/${A}/sales`, expected: producerOnly },
  { name: 'products page', method: 'GET', path: () => `/gestion/${A}/produits`, expected: producerPage },
  { name: 'product page', method: 'GET', path: () => `/gestion/${A}/produits/${ids.productA}`, expected: producerPage },
  { name: 'bulk editor page', method: 'GET', path: () => `/gestion/${A}/prix-et-stocks`, expected: producerPage },
  {
    name: 'bulk editor post',
    method: 'POST',
    path: () => `/gestion/${A}/prix-et-stocks`,
    form: true,
    body: () => ({ [`price_${ids.variantA}`]: '3,33', [`stock_${ids.variantA}`]: '7' }),
    expected: [303, 403, 303, 403, 403, 403, 403, 303, 403],
  },
  { name: 'CSV page', method: 'GET', path: () => `/gestion/${A}/catalogue.csv`, expected: producerPage },
  { name: 'import page', method: 'GET', path: () => `/gestion/${A}/import`, expected: producerPage },
  { name: 'sales page', method: 'GET', path: () => `/gestion/${A}/ventes`, expected: producerPage },
  {
    name: 'producer B’s products (English page)',
    method: 'GET',
    path: () => `/en/manage/${B}/products`,
    expected: [303, 403, 403, 200, 403, 403, 403, 403, 403],
  },
  // The hub's shop.
  { name: 'list cycles', method: 'GET', path: () => `/api/manage/hubs/${HUB}/cycles`, expected: hubOnly },
  { name: 'read a cycle', method: 'GET', path: () => `/api/manage/hubs/${HUB}/cycles/${ids.cycle}`, expected: hubOnly },
  { name: 'orders of a cycle', method: 'GET', path: () => `/api/manage/hubs/${HUB}/cycles/${ids.cycle}/orders`, expected: hubOnly },
  { name: 'an order', method: 'GET', path: () => `/api/manage/hubs/${HUB}/orders/${ids.order}`, expected: hubOnly },
  {
    name: 'mark paid',
    method: 'POST',
    path: () => `/api/manage/hubs/${HUB}/orders/${ids.order}/mark-paid`,
    expected: [401, 403, 403, 403, 200, 403, 403, 403, 409],
  },
  {
    name: 'order ready',
    method: 'POST',
    path: () => `/api/manage/hubs/${HUB}/orders/${ids.order}/state`,
    body: () => ({ state: 'ready' }),
    expected: [401, 403, 403, 403, 200, 403, 403, 403, 409],
  },
  {
    name: 'report: packing per shopper',
    method: 'GET',
    path: () => `/api/manage/hubs/${HUB}/cycles/${ids.cycle}/reports/shoppers`,
    expected: hubOnly,
  },
  {
    name: 'report: payments CSV',
    method: 'GET',
    path: () => `/api/manage/hubs/${HUB}/cycles/${ids.cycle}/reports/payments.csv`,
    expected: hubOnly,
  },
  { name: 'settings', method: 'GET', path: () => `/api/manage/hubs/${HUB}/settings`, expected: hubOnly },
  {
    name: 'terms',
    method: 'PUT',
    path: () => `/api/manage/hubs/${HUB}/terms`,
    body: () => ({ termsText: null, minOrderCents: 0 }),
    expected: [401, 403, 403, 403, 204, 403, 403, 403, 204],
  },
  { name: 'customers', method: 'GET', path: () => `/api/manage/hubs/${HUB}/customers`, expected: hubOnly },
  {
    name: 'clone a cycle',
    method: 'POST',
    path: () => `/api/manage/hubs/${HUB}/cycles/${ids.cycle}/clone`,
    body: () => ({ name: 'Copie', opensAt: Date.now() + 864e6, closesAt: Date.now() + 900e6 }),
    expected: [401, 403, 403, 403, 201, 403, 403, 403, 201],
  },
  // Other hubs selling in the hub's cycle: only its coordinator; a second PUT updates, a second DELETE finds nothing.
  { name: 'hubs of a cycle', method: 'GET', path: () => `/api/manage/hubs/${HUB}/cycles/${ids.cycle}/hubs`, expected: hubOnly },
  {
    name: 'add a hub to a cycle',
    method: 'PUT',
    path: () => `/api/manage/hubs/${HUB}/cycles/${ids.cycle}/hubs/${OTHER_HUB}`,
    body: () => ({ collectionPlace: 'Treignac', variantIds: [] }),
    expected: [401, 403, 403, 403, 201, 403, 403, 403, 200],
  },
  {
    name: 'a hub of a cycle',
    method: 'GET',
    path: () => `/api/manage/hubs/${HUB}/cycles/${ids.cycle}/hubs/${OTHER_HUB}`,
    expected: hubOnly,
  },
  {
    name: 'hub of a cycle page',
    method: 'GET',
    path: () => `/gestion/${HUB}/cycles/${ids.cycle}/boutiques/${OTHER_HUB}`,
    expected: hubPage,
  },
  {
    name: 'remove a hub from a cycle',
    method: 'DELETE',
    path: () => `/api/manage/hubs/${HUB}/cycles/${ids.cycle}/hubs/${OTHER_HUB}`,
    expected: [401, 403, 403, 403, 204, 403, 403, 403, 404],
  },
  // A hub selling in another's cycle cannot change its hubs through its own URLs.
  {
    name: 'other hub’s cycle hubs via its own shop',
    method: 'PUT',
    path: () => `/api/manage/hubs/${OTHER_HUB}/cycles/${ids.cycle}/hubs/${HUB}`,
    body: () => ({ variantIds: [] }),
    expected: [401, 403, 403, 403, 403, 404, 403, 403, 403],
  },
  { name: 'cycles page', method: 'GET', path: () => `/gestion/${HUB}/cycles`, expected: hubPage },
  { name: 'cycle edit page', method: 'GET', path: () => `/gestion/${HUB}/cycles/${ids.cycle}`, expected: hubPage },
  { name: 'orders page', method: 'GET', path: () => `/gestion/${HUB}/cycles/${ids.cycle}/commandes`, expected: hubPage },
  { name: 'order page', method: 'GET', path: () => `/gestion/${HUB}/commandes/${ids.order}`, expected: hubPage },
  { name: 'report page', method: 'GET', path: () => `/gestion/${HUB}/cycles/${ids.cycle}/rapports/paniers`, expected: hubPage },
  { name: 'report CSV page', method: 'GET', path: () => `/gestion/${HUB}/cycles/${ids.cycle}/rapports/producteurs.csv`, expected: hubPage },
  { name: 'settings page', method: 'GET', path: () => `/gestion/${HUB}/retrait-et-paiement`, expected: hubPage },
  { name: 'customers page', method: 'GET', path: () => `/gestion/${HUB}/clients`, expected: hubPage },
  // The hub's own prices and stock (going back to the producer's is always allowed).
  { name: 'shop overrides', method: 'GET', path: () => `/api/manage/hubs/${HUB}/overrides`, expected: hubOnly },
  {
    name: 'save shop overrides',
    method: 'PATCH',
    path: () => `/api/manage/hubs/${HUB}/overrides`,
    body: () => ({ variants: [{ id: ids.variantA, onHand: null }] }),
    expected: hubOnly,
  },
  { name: 'shop prices page', method: 'GET', path: () => `/gestion/${HUB}/prix-boutique`, expected: hubPage },
  { name: 'shop prices page (English)', method: 'GET', path: () => `/en/manage/${HUB}/shop-prices`, expected: hubPage },
  {
    name: 'shop prices post',
    method: 'POST',
    path: () => `/gestion/${HUB}/prix-boutique`,
    form: true,
    body: () => ({ [`stock_${ids.variantA}`]: '' }),
    expected: [303, 403, 403, 403, 303, 403, 403, 403, 303],
  },
  // Another hub's order through this hub's URL is unknown here, even to this hub's manager.
  {
    name: 'other hub’s order via this hub',
    method: 'GET',
    path: () => `/api/manage/hubs/${HUB}/orders/${ids.otherOrder}`,
    expected: [401, 403, 403, 403, 404, 403, 403, 403, 404],
  },
  {
    name: 'other hub’s cycle via this hub',
    method: 'GET',
    path: () => `/api/manage/hubs/${HUB}/cycles/${ids.otherCycle}/orders`,
    expected: [401, 403, 403, 403, 404, 403, 403, 403, 404],
  },
  // Profiles: each enterprise's own managers (people or its tokens).
  { name: 'read a profile', method: 'GET', path: () => `/api/manage/enterprises/${A}/profile`, expected: producerOnly },
  { name: 'profile page', method: 'GET', path: () => `/gestion/${A}/profil`, expected: producerPage },
  {
    name: 'edit the hub’s profile',
    method: 'PUT',
    path: () => `/api/manage/enterprises/${HUB}/profile`,
    body: () => ({
      name: 'La Ruche du Plateau',
      description: 'Épicerie coopérative.',
      addressLine: '7 Grande Rue',
      postalCode: '23500',
      commune: 'Felletin',
      email: null,
      phone: null,
      website: null,
      legalName: null,
      siret: null,
      vatNumber: null,
    }),
    expected: [401, 403, 403, 403, 204, 403, 403, 403, 204],
  },
  // API tokens: people only, for their own enterprise.
  {
    name: 'list tokens',
    method: 'GET',
    path: () => `/api/manage/enterprises/${A}/tokens`,
    expected: [401, 403, 200, 403, 403, 403, 403, 403, 403],
  },
  { name: 'tokens page', method: 'GET', path: () => `/gestion/${A}/jetons`, expected: [303, 403, 200, 403, 403, 403, 403, 403, 403] },
  // The platform.
  { name: 'enterprises', method: 'GET', path: () => '/api/manage/enterprises', expected: [401, 403, 403, 403, 403, 403, 200, 403, 403] },
  {
    name: 'relationships',
    method: 'PUT',
    path: () => '/api/manage/relationships',
    body: () => ({ producer: A, hub: HUB }),
    expected: [401, 403, 403, 403, 403, 403, 204, 403, 403],
  },
  { name: 'platform page', method: 'GET', path: () => '/gestion/plateforme', expected: [303, 403, 403, 403, 403, 403, 200, 403, 403] },
];

describe('authorization matrix', () => {
  it.each(cases)('$method $name', async (c) => {
    const got: Record<string, number> = {};
    const want: Record<string, number> = {};
    for (const [i, role] of ROLES.entries()) {
      const res = await as(t, who[role], c.method, c.path(), c.body?.(), { form: c.form ?? false });
      got[role] = res.status;
      want[role] = c.expected[i]!;
      if (res.status === 303 && role === 'anonymous')
        expect(res.headers.get('location')).toMatch(/\/(gestion\/connexion|en\/manage\/sign-in)$/);
    }
    expect(got).toEqual(want);
  });
});

describe('nothing leaks', () => {
  it('a hub lists only its own orders; the other hub’s order is nowhere in its reports', async () => {
    const hub = who.hub as Session;
    const list = await as(t, hub, 'GET', `/api/manage/hubs/${HUB}/cycles/${ids.cycle}/orders`);
    expect(list.body.orders.map((o: { publicId: string }) => o.publicId)).toEqual([ids.order]);
    for (const kind of ['producers', 'shoppers', 'products', 'payments']) {
      const r = await as(t, hub, 'GET', `/api/manage/hubs/${HUB}/cycles/${ids.cycle}/reports/${kind}`);
      expect(r.status).toBe(200);
      expect(JSON.stringify(r.body)).not.toContain('Paul Drive');
    }
    const other = await as(t, who.otherHub as Session, 'GET', `/api/manage/hubs/${OTHER_HUB}/cycles/${ids.otherCycle}/reports/shoppers`);
    expect(JSON.stringify(other.body)).toContain('Paul Drive');
    expect(JSON.stringify(other.body)).not.toContain('Marie Chabanne');
  });

  it('a producer sees only its own products in its sales, and no shopper’s contact', async () => {
    const a = await as(t, who.producerA as Session, 'GET', `/api/manage/producers/${A}/sales?cycle=${ids.cycle}`);
    const b = await as(t, who.producerB as Session, 'GET', `/api/manage/producers/${B}/sales?cycle=${ids.cycle}`);
    expect(a.body.sales).toHaveLength(1);
    expect(b.body.sales).toHaveLength(1);
    expect(a.body.sales[0].productName).not.toBe(b.body.sales[0].productName);
    expect(JSON.stringify(a.body)).not.toMatch(/Marie|marie\.chabanne|06 39/);
  });

  it('a producer’s product list holds only its products', async () => {
    const a = await as(t, who.producerA as Session, 'GET', `/api/manage/producers/${A}/products`);
    const producerAId = (await enterpriseBySlug(t.conn.db, A))!.id;
    const owners = await t.conn.db.all<{ n: number }>(
      sql`SELECT count(*) AS n FROM products WHERE producer_id <> ${producerAId} AND id IN (${sql.join(
        a.body.products.map((p: { id: number }) => sql`${p.id}`),
        sql`, `,
      )})`,
    );
    expect(owners[0]!.n).toBe(0);
  });

  it('a revoked token opens nothing', async () => {
    const s = who.producerA as Session;
    const created = await as(t, s, 'POST', `/api/manage/enterprises/${A}/tokens`, { name: 'à révoquer' });
    const token = { token: created.body.token as string };
    expect((await as(t, token, 'GET', `/api/manage/producers/${A}/products`)).status).toBe(200);
    expect((await as(t, s, 'DELETE', `/api/manage/enterprises/${A}/tokens/${created.body.id}`)).status).toBe(204);
    const res = await as(t, token, 'GET', `/api/manage/producers/${A}/products`);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
    // Stored hashed: the secret itself is nowhere in the database.
    const rows = await t.conn.db.all<{ token_hash: string }>(sql`SELECT token_hash FROM api_tokens`);
    expect(rows.every((r) => r.token_hash !== token.token && /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
  });

  it('a producer’s token cannot be used on the hub, nor mint tokens', async () => {
    expect((await as(t, who.tokenA, 'GET', `/api/manage/hubs/${HUB}/cycles`)).status).toBe(403);
    expect((await as(t, who.tokenA, 'POST', `/api/manage/enterprises/${A}/tokens`, { name: 'x' })).status).toBe(403);
    const [u] = await t.conn.db.select().from(users).where(eq(users.email, 'shopper@example.org'));
    expect(u).toBeTruthy();
  });
});
