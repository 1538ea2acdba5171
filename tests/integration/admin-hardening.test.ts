// The back office against input it must refuse without a 500 and without writing anything: times and
// numbers past any sane range, ids the database would refuse (unknown, or twice), bodies that cannot be
// read; and a row already holding an out-of-range time, which must still list and be repairable.
import { and, eq, gt, ne, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feesAvailableTo } from '../../db/catalog/cycles.ts';
import { enterpriseLabels, enterprises, orderCycles, productLabels } from '../../db/schema/index.ts';
import { as, signIn, type Session } from '../support/admin.ts';
import { closeCycle } from '../support/demo-data.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';

const HUB = 'la-ruche-du-plateau';
const DRIVE = 'drive-fermier-de-la-vallee';
const PRODUCER = 'les-jardins-de-la-feuillade';
const DAY = 86_400_000;

let t: TestWorker;
let elise: Session;
let thomas: Session;
let julie: Session;
let hubId: number;
/** A cycle the épicerie coordinates and the drive sells in too. */
let cycle: number;

const cycleRow = async (id: number) =>
  (
    await t.conn.db.all<Record<string, unknown>>(
      sql`SELECT id, name, CAST(opens_at AS TEXT) AS opensAt, CAST(closes_at AS TEXT) AS closesAt, updated_at AS updatedAt FROM order_cycles WHERE id = ${id}`,
    )
  )[0];
const settings = (over: Record<string, unknown> = {}) => ({
  name: 'Cycle de test',
  opensAt: Date.now() + DAY,
  closesAt: Date.now() + 3 * DAY,
  variantIds: [],
  ...over,
});

beforeAll(async () => {
  t = await startTestWorker();
  [elise, thomas, julie] = [
    await signIn(t, 'elise.bernard@example.org'),
    await signIn(t, 'thomas.lefevre@example.org'),
    await signIn(t, 'julie.moreau@example.org'),
  ];
  hubId = (await t.conn.db.select({ id: enterprises.id }).from(enterprises).where(eq(enterprises.slug, HUB)))[0]!.id;
  const created = await as(t, elise, 'POST', `/api/manage/hubs/${HUB}/cycles`, settings({ name: 'Cycle partagé' }));
  expect(created.status).toBe(201);
  cycle = created.body.id;
  expect((await as(t, elise, 'PUT', `/api/manage/hubs/${HUB}/cycles/${cycle}/hubs/${DRIVE}`, { variantIds: [] })).status).toBe(201);
});
afterAll(() => t?.close());

describe('times and numbers out of range', () => {
  it('refuses a cycle opening past 2^53 or in year 2255, creating or editing, and writes nothing', async () => {
    const before = await cycleRow(cycle);
    const count = async () => (await t.conn.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM order_cycles`))[0]!.n;
    const cycles = await count();
    for (const opensAt of [9007199254740994, 9e15, 2 ** 53 - 1, 9e12]) {
      const put = await as(t, elise, 'PUT', `/api/manage/hubs/${HUB}/cycles/${cycle}`, settings({ opensAt, closesAt: opensAt + DAY }));
      expect(put.status, `opensAt ${opensAt}`).toBe(422);
      expect(put.body.errors[0]).toMatchObject({ field: 'opensAt', message: expect.stringContaining('2100') });
      const post = await as(t, elise, 'POST', `/api/manage/hubs/${HUB}/cycles`, settings({ opensAt, closesAt: opensAt + DAY }));
      expect(post.status).toBe(422);
    }
    const fractional = await as(
      t,
      elise,
      'PUT',
      `/api/manage/hubs/${HUB}/cycles/${cycle}`,
      settings({ opensAt: Date.now() + 0.5, closesAt: Date.now() + DAY }),
    );
    expect(fractional.status).toBe(422);
    const clone = await as(t, elise, 'POST', `/api/manage/hubs/${HUB}/cycles/${cycle}/clone`, {
      name: 'Copie',
      opensAt: 9e15,
      closesAt: 9e15 + DAY,
    });
    expect(clone.status).toBe(422);
    const collection = await as(t, elise, 'PUT', `/api/manage/hubs/${HUB}/cycles/${cycle}/hubs/${DRIVE}`, {
      collectionStartsAt: 9007199254740994,
      // biome-ignore lint/correctness/noPrecisionLoss: a time past 2^53 is what this test sends
      collectionEndsAt: 9007199254740995,
      variantIds: [],
    });
    expect(collection.status).toBe(422);
    expect(await cycleRow(cycle)).toEqual(before);
    expect(await count()).toBe(cycles);
  });

  it('refuses a copy whose collection times would move past 2100', async () => {
    const opensAt = Date.UTC(2099, 11, 1);
    const source = await as(
      t,
      elise,
      'POST',
      `/api/manage/hubs/${HUB}/cycles`,
      settings({
        name: 'Fin de siècle',
        opensAt,
        closesAt: opensAt + DAY,
        collectionStartsAt: Date.UTC(2099, 11, 28),
        collectionEndsAt: Date.UTC(2099, 11, 28) + 3_600_000,
      }),
    );
    expect(source.status).toBe(201);
    const count = async () => (await t.conn.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM order_cycles`))[0]!.n;
    const before = await count();
    const clone = await as(t, elise, 'POST', `/api/manage/hubs/${HUB}/cycles/${source.body.id}/clone`, {
      name: 'Copie',
      opensAt: opensAt + 7 * DAY,
      closesAt: opensAt + 8 * DAY,
    });
    expect(clone.status).toBe(422);
    expect(clone.body.errors).toEqual([{ field: 'opensAt', message: expect.stringContaining('2100') }]);
    expect(await count()).toBe(before);
  });

  it('re-shows the cycle form with the message for a date the form can type but the platform refuses', async () => {
    const before = await cycleRow(cycle);
    const res = await as(
      t,
      elise,
      'POST',
      `/gestion/${HUB}/cycles/${cycle}`,
      { name: 'Lointain', opensAt: '2999-01-01T10:00', closesAt: '2999-01-08T10:00' },
      { form: true },
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain('<form method="post"');
    expect(res.text).toContain('entre l’an 2000 et l’an 2100');
    expect(await cycleRow(cycle)).toEqual(before);
  });

  it('refuses prices, stock, fees and percentages past their maxima', async () => {
    const product = await as(t, julie, 'POST', `/api/manage/producers/${PRODUCER}/products`, {
      name: 'Trop cher',
      categoryId: 1,
      variants: [{ name: '1 kg', unitKind: 'weight', unitValue: 1000, priceCents: 2 ** 53 + 2, vatRateBp: 550 }],
    });
    expect(product.status).toBe(422);
    expect(product.body.errors[0]).toMatchObject({ field: 'variants.0.priceCents' });
    const stock = await as(t, julie, 'POST', `/api/manage/producers/${PRODUCER}/products`, {
      name: 'Trop',
      categoryId: 1,
      variants: [{ name: '1 kg', unitKind: 'weight', unitValue: 1e12, priceCents: 100, vatRateBp: 550, onHand: 1e9 }],
    });
    expect(stock.status).toBe(422);
    expect(stock.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['variants.0.onHand', 'variants.0.unitValue']);
    const percent = await as(t, elise, 'POST', `/api/manage/hubs/${HUB}/fees`, {
      name: 'Commission',
      feeType: 'sales',
      calculator: 'percent_per_order',
      amount: 20_000,
    });
    expect(percent.status).toBe(422);
    expect(percent.body.errors).toEqual([{ field: 'amount', message: 'Un pourcentage ne peut pas dépasser 100 %.' }]);
    const shipping = await as(t, elise, 'POST', `/api/manage/hubs/${HUB}/shipping-methods`, {
      name: 'Livraison',
      kind: 'delivery',
      description: '',
      feeCents: 1e15,
    });
    expect(shipping.status).toBe(422);
    // The forms reach the same use cases without the JSON schema.
    const bulk = await as(t, julie, 'GET', `/api/manage/producers/${PRODUCER}/products`);
    const variant = bulk.body.products[0].variants[0];
    const form = await as(
      t,
      julie,
      'POST',
      `/gestion/${PRODUCER}/prix-et-stocks`,
      { [`price_${variant.variantId}`]: '9999999,99', [`stock_${variant.variantId}`]: '5' },
      { form: true },
    );
    expect(form.status).toBe(422);
    expect(form.text).toContain('hors limites');
    const after = (await as(t, julie, 'GET', `/api/manage/producers/${PRODUCER}/products`)).body.products[0].variants[0];
    expect(after.priceCents).toBe(variant.priceCents);
    const terms = await as(
      t,
      elise,
      'POST',
      `/gestion/${HUB}/retrait-et-paiement/conditions`,
      { termsText: '', minOrder: '9999999' },
      { form: true },
    );
    expect(terms.status).toBe(422);
    const [hub] = await t.conn.db.select().from(enterprises).where(eq(enterprises.id, hubId));
    expect(hub!.minOrderCents).toBeLessThanOrEqual(1_000_000);
  });
});

describe('a time out of range already in the database', () => {
  it('still lists the cycle in both hubs’ lists, JSON and HTML, and lets the coordinator repair it', async () => {
    // As an older version of the API let it be written.
    await t.conn.client.execute({
      sql: 'UPDATE order_cycles SET opens_at = 9007199254740994, closes_at = 9007199254740995 WHERE id = ?',
      args: [cycle],
    });
    for (const [who, hub] of [
      [elise, HUB],
      [thomas, DRIVE],
    ] as const) {
      const json = await as(t, who, 'GET', `/api/manage/hubs/${hub}/cycles`);
      expect(json.status, hub).toBe(200);
      expect(json.body.cycles.find((c: { id: number }) => c.id === cycle)).toMatchObject({
        name: 'Cycle partagé',
        opensAt: expect.any(Number),
      });
      const page = await as(t, who, 'GET', `/gestion/${hub}/cycles`);
      expect(page.status, hub).toBe(200);
      expect(page.text).toContain('Cycle partagé');
      expect(page.text).toContain('date hors limites');
    }
    const edit = await as(t, elise, 'GET', `/gestion/${HUB}/cycles/${cycle}`);
    expect(edit.status).toBe(200);
    expect((await as(t, elise, 'GET', `/api/manage/hubs/${HUB}/cycles/${cycle}`)).status).toBe(200);

    const opensAt = Date.now() + DAY;
    const repaired = await as(
      t,
      elise,
      'PUT',
      `/api/manage/hubs/${HUB}/cycles/${cycle}`,
      settings({ name: 'Cycle partagé', opensAt, closesAt: opensAt + DAY }),
    );
    expect(repaired.status).toBe(200);
    expect(repaired.body.cycle).toMatchObject({ opensAt, closesAt: opensAt + DAY });
    expect(await cycleRow(cycle)).toMatchObject({ opensAt: String(opensAt), closesAt: String(opensAt + DAY) });
    const page = await as(t, thomas, 'GET', `/gestion/${DRIVE}/cycles`);
    expect(page.text).not.toContain('date hors limites');
  });

  it('does not take the public shop API down either: such a cycle is simply not offered', async () => {
    await t.conn.client.execute({
      sql: 'UPDATE order_cycles SET opens_at = 9007199254740994, closes_at = 9007199254740995 WHERE id = ?',
      args: [cycle],
    });
    // Closed shops look for their next cycle, which is where that one would come up.
    const open = await t.conn.db
      .select()
      .from(orderCycles)
      .where(and(ne(orderCycles.id, cycle), gt(orderCycles.closesAt, Date.now())));
    for (const c of open) await closeCycle(t.conn.db, c.id);
    for (const hub of [HUB, DRIVE]) {
      const live = await t.call('GET', `/api/shops/${hub}/live`);
      expect(live.status, hub).toBe(200);
      expect(live.body).toMatchObject({ open: false, nextCycle: null });
    }
    for (const c of open)
      await t.conn.db.update(orderCycles).set({ opensAt: c.opensAt, closesAt: c.closesAt }).where(eq(orderCycles.id, c.id));
    await t.conn.db
      .update(orderCycles)
      .set({ opensAt: Date.now() + DAY, closesAt: Date.now() + 2 * DAY })
      .where(eq(orderCycles.id, cycle));
  });
});

describe('ids the database would refuse', () => {
  it('refuses a product with the same label twice (API), and re-shows the form (page)', async () => {
    const before = (await t.conn.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM products`))[0]!.n;
    const res = await as(t, julie, 'POST', `/api/manage/producers/${PRODUCER}/products`, {
      name: 'Poireaux',
      categoryId: 1,
      labelIds: [1, 1],
      variants: [{ name: 'botte', unitKind: 'items', unitValue: 1, priceCents: 250, vatRateBp: 550 }],
    });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ field: 'labelIds', message: 'Un label est choisi deux fois.' }]);
    const form = new URLSearchParams({
      _csrf: julie.csrf,
      name: 'Poireaux',
      categoryId: '1',
      description: '',
      v0_name: 'botte',
      v0_unitKind: 'items',
      v0_unitValue: '1',
      v0_price: '2,50',
      v0_vat: '550',
      v0_onHand: '3',
    });
    form.append('labelIds', '1');
    form.append('labelIds', '1');
    const page = await fetch(`${t.url}/gestion/${PRODUCER}/produits/nouveau`, {
      method: 'POST',
      headers: { cookie: julie.cookie, origin: t.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
      redirect: 'manual',
    });
    expect(page.status).toBe(422);
    const html = await page.text();
    expect(html).toContain('<form method="post"');
    expect(html).toContain('Un label est choisi deux fois.');
    expect((await t.conn.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM products`))[0]!.n).toBe(before);
    expect(await t.conn.db.select().from(productLabels).where(eq(productLabels.labelId, 1))).toBeDefined();
  });

  it('refuses a profile with an unknown label id (API), and re-shows the form (page)', async () => {
    const producerId = (await t.conn.db.select({ id: enterprises.id }).from(enterprises).where(eq(enterprises.slug, PRODUCER)))[0]!.id;
    const labels = await t.conn.db.select().from(enterpriseLabels).where(eq(enterpriseLabels.enterpriseId, producerId));
    const profile = {
      name: 'Les Jardins de la Feuillade',
      description: '',
      addressLine: '',
      postalCode: '',
      commune: '',
      email: null,
      phone: null,
      website: null,
      legalName: null,
      siret: null,
      vatNumber: null,
    };
    const res = await as(t, julie, 'PUT', `/api/manage/enterprises/${PRODUCER}/profile`, { ...profile, labelIds: [999999] });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ field: 'labelIds', message: expect.stringContaining('999999') }]);
    const page = await as(t, julie, 'POST', `/gestion/${PRODUCER}/profil`, { name: 'Nom tapé', label_999999: 'on' }, { form: true });
    expect(page.status).toBe(422);
    expect(page.text).toContain('<form method="post"');
    expect(page.text).toContain('value="Nom tapé"');
    expect(page.text).toContain('Label inconnu');
    expect(await t.conn.db.select().from(enterpriseLabels).where(eq(enterpriseLabels.enterpriseId, producerId))).toEqual(labels);
  });

  it('refuses a cycle fee aimed at an unknown producer, and writes nothing', async () => {
    const [fee] = await feesAvailableTo(t.conn.db, hubId);
    const before = await t.conn.db.all(sql`SELECT * FROM cycle_fees WHERE cycle_id = ${cycle}`);
    const res = await as(
      t,
      elise,
      'PUT',
      `/api/manage/hubs/${HUB}/cycles/${cycle}`,
      settings({ fees: [{ feeId: fee!.id, role: 'producer', producerId: 999999 }] }),
    );
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ field: 'fees.0.producerId', message: expect.stringContaining('producteur') }]);
    expect(await t.conn.db.all(sql`SELECT * FROM cycle_fees WHERE cycle_id = ${cycle}`)).toEqual(before);
  });
});

describe('bodies that cannot be read', () => {
  const multipart = (boundary: string | null) => ({
    'content-type': boundary === null ? 'multipart/form-data' : `multipart/form-data; boundary=${boundary}`,
  });
  const garbage = '--nope\r\nContent-Disposition: form-data; name="email"\r\n\r\nx';

  it('answers 400, not 500, signed out and signed in, on every kind of form', async () => {
    const targets: Array<[Session | null, string]> = [
      [null, '/gestion/connexion'],
      [null, '/en/manage/sign-in'],
      [julie, `/gestion/${PRODUCER}/profil`],
      [julie, `/gestion/${PRODUCER}/produits/nouveau`],
      [julie, `/gestion/${PRODUCER}/import`],
      [elise, `/gestion/${HUB}/cycles/${cycle}`],
    ];
    for (const [who, path] of targets) {
      for (const boundary of [null, 'abc']) {
        const headers: Record<string, string> = { ...multipart(boundary), origin: t.url };
        if (who) headers.cookie = who.cookie;
        const res = await fetch(t.url + path, { method: 'POST', headers, body: garbage, redirect: 'manual' });
        expect(res.status, `${path} ${boundary}`).toBe(400);
      }
    }
  });

  it('answers 400 to malformed JSON on the public and back-office APIs', async () => {
    for (const [who, path] of [
      [null, '/api/carts'],
      [null, '/api/orders'],
      [elise, `/api/manage/hubs/${HUB}/cycles`],
    ] as const) {
      const res = await as(t, who, 'POST', path, undefined, { headers: { 'content-type': 'application/json' } });
      const broken = await fetch(t.url + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: t.url, ...(who ? { cookie: who.cookie } : {}) },
        body: '{"hub": ',
      });
      expect(broken.status, path).toBe(400);
      expect(res.status).toBeLessThan(500);
    }
  });
});
