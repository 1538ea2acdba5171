// Which hubs sell in a cycle: the coordinator brings the other demo hub into its open cycle with a
// selection that hub may sell, edits it and takes it out again, through the JSON API and the pages,
// against the built worker and a real database; the other hub's public shop follows.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, stalePages } from '../../db/schema/index.ts';
import { paths as publicPaths } from '../../domain/catalog-paths.ts';
import { as, signIn, type Session } from '../support/admin.ts';
import { closeCycle, type DemoShop } from '../support/demo-data.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';
import { placeOrder, shopOf } from '../support/orders.ts';

const HUB = 'la-ruche-du-plateau';
const DRIVE = 'drive-fermier-de-la-vallee';
let t: TestWorker;
let elise: Session;
let thomas: Session;
let ruche: DemoShop;
let cycle: number;
let sellable: number[];
let vergers: number;
let foreign: number;
const api = () => `/api/manage/hubs/${HUB}/cycles/${cycle}/hubs`;

/** Active variants of a producer, by slug. */
async function variantsOf(producerSlug: string): Promise<number[]> {
  const rows = await t.conn.db.all<{
    id: number;
  }>(sql`SELECT v.id FROM variants v JOIN products p ON p.id = v.product_id JOIN enterprises e ON e.id = p.producer_id
    WHERE e.slug = ${producerSlug} AND v.archived_at IS NULL AND p.archived_at IS NULL AND (v.on_demand = 1 OR v.on_hand >= 5) ORDER BY v.id`);
  return rows.map((r) => r.id);
}

const exchange = (variantIds: number[], over: Record<string, unknown> = {}) => ({
  collectionStartsAt: Date.now() + 6 * 86_400_000,
  collectionEndsAt: Date.now() + 6 * 86_400_000 + 7_200_000,
  collectionPlace: 'Place du marché, Treignac',
  instructions: 'Sacs remis au camion du drive.',
  variantIds,
  ...over,
});

/** Variants sold by some hub of the cycle without an incoming exchange bringing them in. */
async function uncovered(cycleId: number): Promise<number> {
  const [row] = await t.conn.db.all<{
    n: number;
  }>(sql`SELECT count(*) AS n FROM cycle_outgoing co JOIN cycle_outgoing_variants cov ON cov.outgoing_id = co.id
    WHERE co.cycle_id = ${cycleId} AND NOT EXISTS (SELECT 1 FROM cycle_incoming ci JOIN cycle_incoming_variants civ ON civ.incoming_id = ci.id WHERE ci.cycle_id = ${cycleId} AND civ.variant_id = cov.variant_id)`);
  return row!.n;
}

async function incomingProducers(cycleId: number): Promise<string[]> {
  const rows = await t.conn.db.all<{ slug: string }>(
    sql`SELECT e.slug FROM cycle_incoming ci JOIN enterprises e ON e.id = ci.producer_id WHERE ci.cycle_id = ${cycleId} ORDER BY e.slug`,
  );
  return rows.map((r) => r.slug);
}

const auditCount = async () =>
  (
    await t.conn.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.subject, `cycle:${cycle}`))
  ).length;

beforeAll(async () => {
  t = await startTestWorker();
  [elise, thomas] = [await signIn(t, 'elise.bernard@example.org'), await signIn(t, 'thomas.lefevre@example.org')];
  ruche = await shopOf(t, HUB);
  cycle = ruche.hub.open.cycleId;
  // The drive's own open cycle closes first; closed, the drive's shop opens in the épicerie's cycle once added.
  await closeCycle(t.conn.db, (await shopOf(t, DRIVE)).hub.open.cycleId);
  // Les Jardins sell through both hubs; Les Vergers only through the drive; the chèvrerie only through the épicerie.
  sellable = (await variantsOf('les-jardins-de-la-feuillade')).slice(0, 3);
  vergers = (await variantsOf('les-vergers-de-la-vezere'))[0]!;
  const [chevrerie] = await t.conn.db.all<{ slug: string }>(sql`SELECT e.slug FROM enterprises e WHERE e.is_producer = 1
    AND e.id IN (SELECT producer_id FROM enterprise_relationships r JOIN enterprises h ON h.id = r.hub_id WHERE h.slug = ${HUB})
    AND e.id NOT IN (SELECT producer_id FROM enterprise_relationships r JOIN enterprises h ON h.id = r.hub_id WHERE h.slug = ${DRIVE}) ORDER BY e.id LIMIT 1`);
  foreign = (await variantsOf(chevrerie!.slug))[0]!;
  expect(sellable).toHaveLength(3);
  expect(vergers && foreign).toBeTruthy();
});
afterAll(() => t?.close());

describe('hubs selling in a cycle', () => {
  it('refuses a variant whose producer has not let that hub sell it, and writes nothing', async () => {
    const before = await auditCount();
    const res = await as(t, elise, 'PUT', `${api()}/${DRIVE}`, exchange([...sellable, foreign]));
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.errors).toEqual([{ field: 'variantIds', message: expect.stringContaining(String(foreign)) }]);
    expect(res.body.errors[0].message).toContain('Drive fermier');
    expect((await as(t, elise, 'GET', `${api()}/${DRIVE}`)).status).toBe(404);
    expect((await as(t, elise, 'GET', api())).body.hubs).toEqual([]);
    expect(await auditCount()).toBe(before);
    // The drive's shop is still closed: nothing of the cycle is on sale there.
    expect((await t.call('GET', `/api/shops/${DRIVE}/live`)).body.open).toBe(false);
    expect((await t.call('POST', '/api/carts', { hub: DRIVE })).status).toBe(409);
  });

  it('adds the other hub with its collection details and selection: its shop sells them, its pages are marked stale, incoming follows', async () => {
    const marked = Date.now() - 1;
    const res = await as(t, elise, 'PUT', `${api()}/${DRIVE}`, exchange([...sellable, vergers]));
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`${api()}/${DRIVE}`);
    expect(res.body).toMatchObject({
      collectionPlace: 'Place du marché, Treignac',
      variantIds: [...sellable, vergers].sort((a, b) => a - b),
    });

    const list = await as(t, elise, 'GET', api());
    expect(list.body.hubs).toEqual([
      expect.objectContaining({
        slug: DRIVE,
        variantCount: 4,
        collectionPlace: 'Place du marché, Treignac',
        instructions: 'Sacs remis au camion du drive.',
      }),
    ]);
    expect(list.body.canAdd.map((h: { slug: string }) => h.slug)).not.toContain(DRIVE);

    // The drive's public shop is open in the épicerie's cycle, and its cart takes a variant only the drive may sell.
    const live = await t.call('GET', `/api/shops/${DRIVE}/live`);
    expect(live.body).toMatchObject({ open: true, cycle: { name: ruche.hub.open.name } });
    const cart = await t.call('POST', '/api/carts', { hub: DRIVE });
    expect(cart.status).toBe(201);
    const line = await t.call('POST', `/api/carts/${cart.body.id}/lines`, { variantId: vergers, quantity: 1 });
    expect(line.status).toBe(200);
    expect(line.body.lines.map((l: { variantId: number }) => l.variantId)).toEqual([vergers]);
    // A variant of the cycle the drive does not sell stays out of its cart.
    const notHere = ruche.items.find((i) => !sellable.includes(i.variantId))!;
    expect((await t.call('POST', `/api/carts/${cart.body.id}/lines`, { variantId: notHere.variantId, quantity: 1 })).status).toBe(422);

    const stale = await t.conn.db
      .select()
      .from(stalePages)
      .where(eq(stalePages.path, publicPaths.shop('fr', DRIVE)));
    expect(stale[0]?.markedAt).toBeGreaterThan(marked);
    expect(stale[0]?.reason).toContain('Drive fermier');
    // Les Vergers now come into the cycle; every variant a hub sells comes in.
    expect(await incomingProducers(cycle)).toContain('les-vergers-de-la-vezere');
    expect(await uncovered(cycle)).toBe(0);
    const [entry] = await t.conn.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subject, `cycle:${cycle}`), eq(auditLog.action, 'cycle.hub_add')));
    expect(entry).toMatchObject({ userId: expect.any(Number), details: { hub: DRIVE, variants: 4 } });
  });

  it('edits the hub’s selection: a variant it stops selling leaves its shop and the cycle’s incoming', async () => {
    const res = await as(t, elise, 'PUT', `${api()}/${DRIVE}`, exchange(sellable, { instructions: 'Retrait au hangar.' }));
    expect(res.status).toBe(200);
    const list = await as(t, elise, 'GET', api());
    expect(list.body.hubs[0]).toMatchObject({ variantCount: 3, instructions: 'Retrait au hangar.' });
    expect(await incomingProducers(cycle)).not.toContain('les-vergers-de-la-vezere');
    expect(await uncovered(cycle)).toBe(0);
    const cart = await t.call('POST', '/api/carts', { hub: DRIVE });
    expect((await t.call('POST', `/api/carts/${cart.body.id}/lines`, { variantId: vergers, quantity: 1 })).status).toBe(422);
    // The coordinator's own edit of the cycle keeps the other hub's selection coming in.
    const own = await as(t, elise, 'GET', `/api/manage/hubs/${HUB}/cycles/${cycle}`);
    const o = own.body.outgoing;
    const kept = own.body.variantIds.filter((id: number) => !sellable.includes(id));
    const settings = (variantIds: number[]) => ({
      name: own.body.cycle.name,
      opensAt: own.body.cycle.opensAt,
      closesAt: own.body.cycle.closesAt,
      collectionStartsAt: o.collectionStartsAt,
      collectionEndsAt: o.collectionEndsAt,
      variantIds,
      fees: own.body.fees.map(({ feeId, role, producerId, hubId }: Record<string, unknown>) => ({ feeId, role, producerId, hubId })),
    });
    expect((await as(t, elise, 'PUT', `/api/manage/hubs/${HUB}/cycles/${cycle}`, settings(kept))).status).toBe(200);
    expect(await uncovered(cycle)).toBe(0);
    expect(await incomingProducers(cycle)).toContain('les-jardins-de-la-feuillade');
    expect((await as(t, elise, 'GET', `${api()}/${DRIVE}`)).body.variantIds).toEqual([...sellable].sort((a, b) => a - b));
    expect((await as(t, elise, 'PUT', `/api/manage/hubs/${HUB}/cycles/${cycle}`, settings(own.body.variantIds))).status).toBe(200);
  });

  it('lets only the coordinator change the cycle’s hubs', async () => {
    // The drive's manager, on the épicerie's URLs: not its shop.
    expect((await as(t, thomas, 'PUT', `${api()}/${DRIVE}`, exchange(sellable))).status).toBe(403);
    expect((await as(t, thomas, 'DELETE', `${api()}/${DRIVE}`)).status).toBe(403);
    // Through its own shop's URLs, the cycle is not one it coordinates, even though it sells in it.
    const own = `/api/manage/hubs/${DRIVE}/cycles/${cycle}/hubs`;
    expect((await as(t, thomas, 'GET', own)).status).toBe(404);
    expect((await as(t, thomas, 'PUT', `${own}/${HUB}`, exchange([]))).status).toBe(404);
    expect((await as(t, thomas, 'DELETE', `${own}/${DRIVE}`)).status).toBe(404);
    expect((await as(t, elise, 'GET', api())).body.hubs[0]).toMatchObject({ slug: DRIVE, variantCount: 3 });
  });

  it('refuses the coordinator itself, a producer, and an unknown shop', async () => {
    const self = await as(t, elise, 'PUT', `${api()}/${HUB}`, exchange(sellable));
    expect(self.status).toBe(422);
    expect(self.body.errors[0].field).toBe('hub');
    const producer = await as(t, elise, 'PUT', `${api()}/les-jardins-de-la-feuillade`, exchange([]));
    expect(producer.status).toBe(422);
    expect(producer.body.errors[0]).toMatchObject({ field: 'hub', message: expect.stringContaining('pas une boutique') });
    expect((await as(t, elise, 'PUT', `${api()}/nulle-part`, exchange([]))).status).toBe(404);
    expect((await as(t, elise, 'PUT', `${api()}/${DRIVE}`, exchange(sellable, { collectionEndsAt: null }))).status).toBe(422);
    expect((await as(t, elise, 'PUT', `${api()}/${DRIVE}`, { variantIds: sellable, extra: 1 })).status).toBe(422);
  });

  it('refuses to remove a hub with a standing order in the cycle, and removes it once the order is cancelled', async () => {
    const drive = await shopOf(t, DRIVE);
    expect(drive.hub.open.cycleId).toBe(cycle);
    const item = drive.items.find((i) => sellable.includes(i.variantId))!;
    const order = await placeOrder(t, drive, [{ item, quantity: 1 }], {
      name: 'Paul Drive',
      email: 'paul@example.org',
      phone: '06 00 00 00 00',
    });
    const before = await auditCount();

    const refused = await as(t, elise, 'DELETE', `${api()}/${DRIVE}`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      code: 'STATE_CONFLICT',
      standingOrders: 1,
      errors: [{ field: 'hub', message: expect.stringContaining('annulez-les') }],
    });
    expect((await as(t, elise, 'GET', api())).body.hubs).toHaveLength(1);
    expect(await auditCount()).toBe(before);

    expect((await as(t, thomas, 'POST', `/api/manage/hubs/${DRIVE}/orders/${order}/cancel`, { reason: 'essai' })).status).toBe(200);
    const marked = Date.now() - 1;
    expect((await as(t, elise, 'DELETE', `${api()}/${DRIVE}`)).status).toBe(204);
    expect((await as(t, elise, 'GET', api())).body.hubs).toEqual([]);
    expect((await t.call('GET', `/api/shops/${DRIVE}/live`)).body.open).toBe(false);
    const [stale] = await t.conn.db
      .select()
      .from(stalePages)
      .where(eq(stalePages.path, publicPaths.shop('fr', DRIVE)));
    expect(stale!.markedAt).toBeGreaterThan(marked);
    expect(await uncovered(cycle)).toBe(0);
    expect(
      (
        await t.conn.db
          .select()
          .from(auditLog)
          .where(eq(auditLog.subject, `cycle:${cycle}`))
      ).map((a) => a.action),
    ).toContain('cycle.hub_remove');
    expect((await as(t, elise, 'DELETE', `${api()}/${DRIVE}`)).status).toBe(404);
  });
});

describe('hubs of a cycle on the cycle’s pages', () => {
  const page = () => `/gestion/${HUB}/cycles/${cycle}`;

  it('adds a hub from the cycle page, shows it, and refuses a variant it may not sell with a readable message', async () => {
    const empty = await as(t, elise, 'GET', page());
    expect(empty.text).toContain('Autres boutiques du cycle');
    expect(empty.text).toContain('Seule votre boutique vend dans ce cycle.');
    const pick = await as(t, elise, 'GET', `${page()}/boutiques?hub=${DRIVE}`);
    expect(pick.status).toBe(303);
    expect(pick.headers.get('location')).toBe(`${page()}/boutiques/${DRIVE}`);
    const form = await as(t, elise, 'GET', pick.headers.get('location')!);
    expect(form.status).toBe(200);
    expect(form.text).toContain('Ajouter au cycle');
    // Only what the drive may sell is offered: nothing of the chèvrerie.
    expect(form.text).toContain(`value="${vergers}"`);
    expect(form.text).not.toContain(`value="${foreign}"`);

    const fields = (ids: number[]) => {
      const body = new URLSearchParams({
        collectionStartsAt: '2031-05-02T17:00',
        collectionEndsAt: '2031-05-02T19:00',
        collectionPlace: 'Halle de Treignac',
        instructions: '',
      });
      for (const id of ids) body.append('variant', String(id));
      body.set('_csrf', elise.csrf);
      return body;
    };
    const post = (ids: number[]) =>
      fetch(`${t.url}${page()}/boutiques/${DRIVE}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: elise.cookie, origin: t.url, 'content-type': 'application/x-www-form-urlencoded' },
        body: fields(ids),
      });
    const bad = await post([sellable[0]!, foreign]);
    expect(bad.status).toBe(422);
    const badText = await bad.text();
    expect(badText).toContain('ne sont pas proposées à Drive fermier');
    expect(badText).toContain(String(foreign));
    expect((await as(t, elise, 'GET', api())).body.hubs).toEqual([]);

    const ok = await post([sellable[0]!, sellable[1]!]);
    expect(ok.status).toBe(303);
    expect((await as(t, elise, 'GET', ok.headers.get('location')!)).text).toContain('Boutique enregistrée dans le cycle.');
    const shown = await as(t, elise, 'GET', page());
    expect(shown.text).toMatch(
      new RegExp(`data-hub="${DRIVE}">[\\s\\S]*?Drive fermier[\\s\\S]*?<td class="num">2</td>[\\s\\S]*?Halle de Treignac`),
    );
  });

  it('removes the hub from the cycle page', async () => {
    const res = await as(t, elise, 'POST', `${page()}/boutiques/${DRIVE}/retirer`, {}, { form: true });
    expect(res.status).toBe(303);
    expect((await as(t, elise, 'GET', page())).text).toContain('Seule votre boutique vend dans ce cycle.');
  });
});
