// What a hub manager and a producer ran into in the back office (issue 13.9), through the built worker
// and a real database: the cycle list's counts per cycle, the clone's dates and name, the new cycle's
// own commission, fees in words, the « tout cocher » buttons, a refused cycle form shown again as
// typed, and the producer's sales page opening where orders wait, each cycle named with its hubs.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { epochToParisLocal } from '../../domain/paris-time.ts';
import { orderCycles } from '../../db/schema/index.ts';
import { as, signIn, type Session } from '../support/admin.ts';
import { variantWithStock } from '../support/checkout.ts';
import type { DemoShop } from '../support/demo-data.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';
import { placeOrder, shopOf } from '../support/orders.ts';

const HUB = 'la-ruche-du-plateau';
let t: TestWorker;
let elise: Session;
let shop: DemoShop;

beforeAll(async () => {
  t = await startTestWorker();
  elise = await signIn(t, 'elise.bernard@example.org');
  shop = await shopOf(t, HUB);
  const used: number[] = [];
  for (const [q, name] of [
    [2, 'Anne Liste'],
    [1, 'Basile Liste'],
    [3, 'Chloe Liste'],
  ] as const) {
    const item = await variantWithStock(t.conn.db, shop, 20, used);
    used.push(item.variantId);
    await placeOrder(t, shop, [{ item, quantity: q }], {
      name,
      email: `${name.split(' ')[0]!.toLowerCase()}@example.org`,
      phone: '06 00 00 00 00',
    });
  }
});
afterAll(async () => {
  await t?.close();
});

describe('the cycle list', () => {
  it('shows each cycle’s own count of orders and sales total', async () => {
    const page = await as(t, elise, 'GET', `/gestion/${HUB}/cycles`);
    expect(page.status).toBe(200);
    const rows = [...page.text.matchAll(/<tr data-cycle-id="(\d+)">([\s\S]*?)<\/tr>/g)].map((m) => {
      const nums = [...m[2]!.matchAll(/<td class="num">([^<]*)<\/td>/g)].map((x) => x[1]!);
      return { id: Number(m[1]), count: Number(nums[0]), sales: nums[1]! };
    });
    const expected = await t.conn.db.all<{ id: number; n: number; cents: number }>(
      sql`SELECT oc.id, (SELECT count(*) FROM orders o WHERE o.cycle_id = oc.id AND o.hub_id = ${shop.hub.id} AND o.state IN ('placed','ready','collected','delivered')) AS n,
        (SELECT coalesce(sum(total_cents), 0) FROM orders o WHERE o.cycle_id = oc.id AND o.hub_id = ${shop.hub.id} AND o.state IN ('placed','ready','collected','delivered')) AS cents
        FROM order_cycles oc WHERE oc.coordinator_id = ${shop.hub.id} OR EXISTS (SELECT 1 FROM cycle_outgoing co WHERE co.cycle_id = oc.id AND co.hub_id = ${shop.hub.id})`,
    );
    expect(rows.map((r) => r.id).sort()).toEqual(expected.map((e) => e.id).sort());
    const money = (c: number) => new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(c / 100);
    for (const e of expected) {
      const row = rows.find((r) => r.id === e.id)!;
      expect(row.count, `cycle ${e.id}`).toBe(e.n);
      expect(row.sales).toBe(money(e.cents));
    }
    expect(rows.find((r) => r.id === shop.hub.open.cycleId)!.count).toBeGreaterThanOrEqual(3);
    // The others (upcoming, closed) do not carry the open one's figures.
    expect(new Set(rows.map((r) => r.count)).size).toBeGreaterThan(1);
    const api = await as(t, elise, 'GET', `/api/manage/hubs/${HUB}/cycles`);
    expect(api.body.cycles.find((c: { id: number }) => c.id === shop.hub.open.cycleId).orderCount).toBe(
      expected.find((e) => e.id === shop.hub.open.cycleId)!.n,
    );
  });
});

describe('cloning a cycle', () => {
  it('moves the copy to the next week free of the original, same weekday and hours, its name with the new dates', async () => {
    const cycle = shop.hub.open.cycleId;
    const [from] = await t.conn.db.select().from(orderCycles).where(eq(orderCycles.id, cycle));
    const res = await as(t, elise, 'POST', `/gestion/${HUB}/cycles/${cycle}/dupliquer`, {}, { form: true });
    expect(res.status).toBe(303);
    const newId = Number(/\/cycles\/(\d+)\?saved=1$/.exec(res.headers.get('location')!)![1]);
    const [to] = await t.conn.db.select().from(orderCycles).where(eq(orderCycles.id, newId));
    expect(to!.opensAt).toBeGreaterThanOrEqual(from!.closesAt);
    expect(to!.opensAt - from!.opensAt).toBeLessThanOrEqual(((from!.closesAt - from!.opensAt) / (7 * 86_400_000) + 1) * 7 * 86_400_000);
    expect(epochToParisLocal(to!.opensAt).slice(11)).toBe(epochToParisLocal(from!.opensAt).slice(11));
    expect(new Date(to!.opensAt).getUTCDay()).toBe(new Date(from!.opensAt).getUTCDay());
    const day = (ms: number) =>
      new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: 'numeric', month: 'long' }).format(ms).replace(/^1 /, '1er ');
    expect(from!.name).toContain(day(from!.opensAt));
    expect(to!.name).not.toContain(day(from!.opensAt));
    expect(to!.name).toContain(day(to!.opensAt));
    expect(to!.name).not.toContain('copie');
  });
});

describe('the cycle form', () => {
  it('ticks the hub’s own commission on a new cycle, and shows fees in words', async () => {
    const own = await t.conn.db.all<{ id: number; calculator: string }>(
      sql`SELECT id, calculator FROM enterprise_fees WHERE enterprise_id = ${shop.hub.id} AND archived_at IS NULL`,
    );
    expect(own.length).toBeGreaterThan(0);
    const page = await as(t, elise, 'GET', `/gestion/${HUB}/cycles/nouveau`);
    for (const f of own)
      expect(page.text).toMatch(new RegExp(`<input type="checkbox" id="fee-${f.id}" name="fee" value="${f.id}" checked`));
    expect(page.text).not.toMatch(/percent_per_item|flat_per_item|per_kg|flat_per_order|percent_per_order/);
    expect(page.text.replace(/\u00a0/g, ' ')).toMatch(/\d+(,\d+)? % par article|par commande|par kg|par article/);
    const english = await as(t, elise, 'GET', `/en/manage/${HUB}/cycles/new`);
    expect(english.text).toMatch(/per item|per order|per kg|of the order/);
  });

  it('offers « tout cocher » for each producer and for all', async () => {
    const page = await as(t, elise, 'GET', `/gestion/${HUB}/cycles/${shop.hub.open.cycleId}`);
    const producers = (page.text.match(/<details[^>]*data-check-scope/g) ?? []).length;
    expect(producers).toBeGreaterThan(1);
    expect((page.text.match(/data-check-all/g) ?? []).length).toBe(producers + 1);
    expect(page.text).toContain('/gestion/assets/check-all.js');
    const script = await fetch(`${t.url}/gestion/assets/check-all.js`);
    expect(script.status).toBe(200);
  });

  it('shows a refused new cycle again with what was typed and why', async () => {
    const item = shop.items[0]!;
    const res = await as(
      t,
      elise,
      'POST',
      `/gestion/${HUB}/cycles/nouveau`,
      {
        name: 'Vente refusée de Noël',
        opensAt: '2027-12-10T08:00',
        closesAt: '2027-12-01T20:00',
        collectionPlace: 'Halle aux grains',
        variant: String(item.variantId),
      },
      { form: true },
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain('value="Vente refusée de Noël"');
    expect(res.text).toContain('value="2027-12-10T08:00"');
    expect(res.text).toContain('value="2027-12-01T20:00"');
    expect(res.text).toContain('Halle aux grains');
    expect(res.text).toContain('La fermeture doit suivre l’ouverture.');
    expect(res.text).toMatch(new RegExp(`name="variant" value="${item.variantId}" checked`));
    const [none] = await t.conn.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM order_cycles WHERE name = 'Vente refusée de Noël'`);
    expect(none!.n).toBe(0);
  });
});

describe('the producer’s sales page', () => {
  it('opens on the cycle where orders wait, each cycle named with its hubs', async () => {
    const [line] = await t.conn.db.all<{ producerId: number; slug: string; email: string }>(
      sql`SELECT ol.producer_id AS producerId, e.slug, u.email FROM order_lines ol JOIN orders o ON o.id = ol.order_id
        JOIN enterprises e ON e.id = ol.producer_id JOIN enterprise_managers m ON m.enterprise_id = e.id JOIN users u ON u.id = m.user_id
        WHERE o.cycle_id = ${shop.hub.open.cycleId} AND o.name = 'Anne Liste' LIMIT 1`,
    );
    // An upcoming cycle she is in, newer than the open one and without orders.
    const [upcoming] = await t.conn.db.all<{ n: number }>(
      sql`SELECT count(*) AS n FROM order_cycles oc JOIN cycle_incoming ci ON ci.cycle_id = oc.id
        WHERE ci.producer_id = ${line!.producerId} AND oc.opens_at > ${Date.now()}`,
    );
    expect(upcoming!.n).toBeGreaterThan(0);
    const who = await signIn(t, line!.email);
    const page = await as(t, who, 'GET', `/gestion/${line!.slug}/ventes`);
    expect(page.status).toBe(200);
    const selected = /<option value="(\d+)" selected[^>]*>([^<]*)<\/option>/.exec(page.text);
    expect(Number(selected![1])).toBe(shop.hub.open.cycleId);
    expect(selected![2]).toContain('La Ruche du Plateau');
    expect(selected![2]).toMatch(/\d+ commande\(s\)/);
    expect(page.text).not.toContain('Aucune commande de vos produits dans ce cycle.');
  });
});

describe('refused back-office forms', () => {
  it('show a refused product again with what was typed, the bad price named', async () => {
    const julie = await signIn(t, 'julie.moreau@example.org');
    const res = await as(
      t,
      julie,
      'POST',
      '/gestion/les-jardins-de-la-feuillade/produits/nouveau',
      {
        name: 'Navets de Noël',
        categoryId: '1',
        description: 'Ronds et sucrés, récoltés la veille.',
        v0_name: 'Botte de 1 kg',
        v0_unitKind: 'weight',
        v0_unitValue: '1000',
        v0_price: 'deux euros',
        v0_vat: '550',
        v0_onHand: '12',
      },
      { form: true },
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain('value="Navets de Noël"');
    expect(res.text).toContain('Ronds et sucrés, récoltés la veille.');
    expect(res.text).toContain('value="Botte de 1 kg"');
    expect(res.text).toContain('value="deux euros"');
    expect(res.text).toContain('Prix illisible « deux euros »');
  });

  it('show a refused profile again with what was typed, field by field', async () => {
    const julie = await signIn(t, 'julie.moreau@example.org');
    const res = await as(
      t,
      julie,
      'POST',
      '/gestion/les-jardins-de-la-feuillade/profil',
      { name: 'Les Jardins renommés', description: 'Maraîchage sur sol vivant.', postalCode: '2350', siret: '123' },
      { form: true },
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain('value="Les Jardins renommés"');
    expect(res.text).toContain('Maraîchage sur sol vivant.');
    expect(res.text).toContain('value="2350"');
    expect(res.text).toContain('value="123"');
    expect(res.text).toMatch(/aria-invalid="true"/);
  });
});
