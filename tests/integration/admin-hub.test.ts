// A hub manager's work through the back office, against the built worker, a real database and the
// fake Stripe API: orders (mark paid, cancel with stock returned and card refunds), reports on
// screen and as French CSV, the sales chart, cycles (edit, clone), and checkout settings.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  cycleOutgoingVariants,
  orderCycles,
  cycleOutgoing,
  payments,
  shippingMethods,
  stalePages,
  variants,
} from '../../db/schema/index.ts';
import { as, signIn, type Session } from '../support/admin.ts';
import { cardPaymentBody, cartWith, orderRow, stockOf, variantWithStock } from '../support/checkout.ts';
import type { DemoShop } from '../support/demo-data.ts';
import { startFakeStripe, type FakeStripe } from '../support/fake-stripe.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';
import { placeOrder, shopOf } from '../support/orders.ts';

const HUB = 'la-ruche-du-plateau';
let t: TestWorker;
let fake: FakeStripe;
let elise: Session;
let shop: DemoShop;
const used: number[] = [];

beforeAll(async () => {
  fake = await startFakeStripe();
  t = await startTestWorker({ bindings: fake.bindings });
  fake.webhookUrl = `${t.url}/api/webhooks/stripe`;
  elise = await signIn(t, 'elise.bernard@example.org');
  shop = await shopOf(t, HUB);
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

async function offlineOrder(stock = 10, quantity = 3, name = 'Lucie Fournier') {
  const item = await variantWithStock(t.conn.db, shop, stock, used);
  used.push(item.variantId);
  const id = await placeOrder(t, shop, [{ item, quantity }], {
    name,
    email: `${name
      .split(' ')[0]!
      .normalize('NFD')
      .replace(/[^a-zA-Z]/g, '')
      .toLowerCase()}@example.org`,
    phone: '06 11 22 33 44',
  });
  return { id, item };
}

describe('orders', () => {
  it('marks an offline payment paid from the order page, with who and when in its history', async () => {
    const { id } = await offlineOrder();
    const res = await as(t, elise, 'POST', `/gestion/${HUB}/commandes/${id}/payee`, {}, { form: true });
    expect(res.status).toBe(303);
    const page = await as(t, elise, 'GET', res.headers.get('location')!);
    expect(page.text).toContain('Paiement enregistré.');
    expect(page.text).toMatch(/data-testid="admin-payment-state">[^<]*payée/);
    expect(page.text).toContain('paiement enregistré — elise.bernard@example.org');
    const again = await as(t, elise, 'POST', `/api/manage/hubs/${HUB}/orders/${id}/mark-paid`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('STATE_CONFLICT');
  });

  it('moves an order to ready then collected from its page, recorded; no way back, no delivery for a pickup', async () => {
    const { id, item } = await offlineOrder(10, 2, 'Paul Besse');
    const ready = await as(t, elise, 'POST', `/gestion/${HUB}/commandes/${id}/etat`, { state: 'ready' }, { form: true });
    expect(ready.status).toBe(303);
    expect((await as(t, elise, 'GET', ready.headers.get('location')!)).text).toContain('État de la commande mis à jour.');
    expect(await orderRow(t.conn.db, id)).toMatchObject({ state: 'ready' });
    const delivered = await as(t, elise, 'POST', `/api/manage/hubs/${HUB}/orders/${id}/state`, { state: 'delivered' });
    expect(delivered.status).toBe(409);
    expect(delivered.body.code).toBe('STATE_CONFLICT');
    const collected = await as(t, elise, 'POST', `/api/manage/hubs/${HUB}/orders/${id}/state`, { state: 'collected' });
    expect(collected.status).toBe(200);
    expect(collected.body).toMatchObject({ id, state: 'collected' });
    const back = await as(t, elise, 'POST', `/api/manage/hubs/${HUB}/orders/${id}/state`, { state: 'ready' });
    expect(back.status).toBe(409);
    expect((await as(t, elise, 'POST', `/api/manage/hubs/${HUB}/orders/${id}/cancel`, {})).status).toBe(409);
    expect((await as(t, elise, 'POST', `/api/manage/hubs/${HUB}/orders/${id}/state`, { state: 'lost' })).status).toBe(422);
    const actions = (
      await t.conn.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.subject, `order:${id}`))
    ).map((a) => a.action);
    expect(actions).toEqual(['order.ready', 'order.collected']);
    // Collected goods stay sold.
    expect(await stockOf(t.conn.db, item.variantId)).toBe(8);
  });

  it('cancels an order: the stock comes back, and it is recorded; a second cancel is refused', async () => {
    const { id, item } = await offlineOrder(10, 4);
    expect(await stockOf(t.conn.db, item.variantId)).toBe(6);
    const res = await as(t, elise, 'POST', `/gestion/${HUB}/commandes/${id}/annuler`, { reason: 'client absent' }, { form: true });
    expect(res.status).toBe(303);
    expect(await stockOf(t.conn.db, item.variantId)).toBe(10);
    expect(await orderRow(t.conn.db, id)).toMatchObject({ state: 'cancelled', paymentState: 'pending' });
    const [entry] = await t.conn.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.subject, `order:${id}`));
    expect(entry).toMatchObject({ action: 'order.cancelled', userId: expect.any(Number) });
    expect(entry!.details).toMatchObject({ reason: 'client absent', from: 'placed' });
    const again = await as(t, elise, 'POST', `/api/manage/hubs/${HUB}/orders/${id}/cancel`, {});
    expect(again.status).toBe(409);
    expect(await stockOf(t.conn.db, item.variantId)).toBe(10);
    expect((await as(t, elise, 'POST', `/api/manage/hubs/${HUB}/orders/${id}/mark-paid`)).status).toBe(409);
  });

  it('gives stock back where it was taken, even if the variant went on demand meanwhile, and only once', async () => {
    const { id, item } = await offlineOrder(10, 2, 'Jeanne Vergne');
    expect(await stockOf(t.conn.db, item.variantId)).toBe(8);
    await t.conn.db.update(variants).set({ onDemand: true }).where(eq(variants.id, item.variantId));
    try {
      // Two managers cancel at once: one cancel happens, the stock comes back once.
      const [a, b] = await Promise.all([
        as(t, elise, 'POST', `/api/manage/hubs/${HUB}/orders/${id}/cancel`, { reason: 'doublon' }),
        as(t, elise, 'POST', `/api/manage/hubs/${HUB}/orders/${id}/cancel`, { reason: 'doublon' }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      expect(await stockOf(t.conn.db, item.variantId)).toBe(10);
      expect(
        (
          await t.conn.db
            .select()
            .from(auditLog)
            .where(eq(auditLog.subject, `order:${id}`))
        ).filter((x) => x.action === 'order.cancelled'),
      ).toHaveLength(1);
    } finally {
      await t.conn.db.update(variants).set({ onDemand: false }).where(eq(variants.id, item.variantId));
    }
  });

  it('takes nothing back from a counted stock for a line that was on demand when ordered', async () => {
    const item = shop.items.find((i) => i.onDemand && i.maxPerOrder === null && !used.includes(i.variantId))!;
    used.push(item.variantId);
    const id = await placeOrder(t, shop, [{ item, quantity: 3 }], {
      name: 'Marc Peyrat',
      email: 'marc@example.org',
      phone: '06 11 22 33 55',
    });
    await t.conn.db.update(variants).set({ onDemand: false, onHand: 5 }).where(eq(variants.id, item.variantId));
    try {
      expect((await as(t, elise, 'POST', `/api/manage/hubs/${HUB}/orders/${id}/cancel`, {})).status).toBe(200);
      expect(await stockOf(t.conn.db, item.variantId)).toBe(5);
    } finally {
      await t.conn.db.update(variants).set({ onDemand: true }).where(eq(variants.id, item.variantId));
    }
  });

  it('refunds a card payment through Stripe on the hub’s account when cancelling, once', async () => {
    const item = await variantWithStock(t.conn.db, shop, 8, used);
    used.push(item.variantId);
    const cartId = await cartWith(t, shop, [[item.variantId, 2]]);
    const placed = await t.call('POST', '/api/orders', cardPaymentBody(shop, cartId));
    expect(placed.status).toBe(201);
    const sessionId = [...fake.sessions.values()].find((s) => s.metadata?.order_id === placed.body.id)!.id;
    expect((await fake.deliver(fake.complete(sessionId))).status).toBe(200);
    expect(await orderRow(t.conn.db, placed.body.id)).toMatchObject({ state: 'placed', paymentState: 'paid' });

    const res = await as(t, elise, 'POST', `/api/manage/hubs/${HUB}/orders/${placed.body.id}/cancel`, {
      reason: 'rupture chez le producteur',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'cancelled', paymentState: 'refunded' });
    const refunds = fake.requests.filter((r) => r.path === '/v1/refunds');
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ account: 'acct_demo_ruche_du_plateau', idempotencyKey: `refund-${placed.body.id}` });
    expect(await stockOf(t.conn.db, item.variantId)).toBe(8);
    const row = await orderRow(t.conn.db, placed.body.id);
    const [payment] = await t.conn.db.select().from(payments).where(eq(payments.orderId, row.id));
    expect(payment!.state).toBe('refunded');
    // The payments report still shows the money that came in and went back, so the cash adds up.
    const csv = await as(t, elise, 'GET', `/api/manage/hubs/${HUB}/cycles/${shop.hub.open.cycleId}/reports/payments.csv`);
    expect(csv.text).toMatch(new RegExp(`${placed.body.id.slice(4, 10).toUpperCase()};[^\\r\\n]*remboursée — commande annulée`, 'i'));
  });

  it('changes nothing when Stripe refuses the refund', async () => {
    const item = await variantWithStock(t.conn.db, shop, 8, used);
    used.push(item.variantId);
    const cartId = await cartWith(t, shop, [[item.variantId, 1]]);
    const placed = await t.call('POST', '/api/orders', cardPaymentBody(shop, cartId));
    const sessionId = [...fake.sessions.values()].find((s) => s.metadata?.order_id === placed.body.id)!.id;
    await fake.deliver(fake.complete(sessionId));
    // The payment is no longer known at Stripe (e.g. refunded and disputed there).
    fake.sessions.get(sessionId)!.payment_intent = 'pi_unknown';
    const res = await as(t, elise, 'POST', `/api/manage/hubs/${HUB}/orders/${placed.body.id}/cancel`, {});
    expect(res.status).toBe(502);
    expect(res.body.code).toBe('PAYMENT_PROVIDER');
    expect(await orderRow(t.conn.db, placed.body.id)).toMatchObject({ state: 'placed', paymentState: 'paid' });
    expect(await stockOf(t.conn.db, item.variantId)).toBe(7);
  });

  it('filters a cycle’s orders by payment state and shopper, and draws the sales chart', async () => {
    await offlineOrder(10, 1, 'Zoé Filtre');
    const cycle = shop.hub.open.cycleId;
    const all = await as(t, elise, 'GET', `/api/manage/hubs/${HUB}/cycles/${cycle}/orders`);
    const zoe = await as(t, elise, 'GET', `/api/manage/hubs/${HUB}/cycles/${cycle}/orders?q=Zo`);
    expect(zoe.body.orders.map((o: { name: string }) => o.name)).toEqual(['Zoé Filtre']);
    const paid = await as(t, elise, 'GET', `/api/manage/hubs/${HUB}/cycles/${cycle}/orders?payment=paid`);
    expect(paid.body.orders.length).toBeGreaterThan(0);
    expect(paid.body.orders.every((o: { paymentState: string }) => o.paymentState === 'paid')).toBe(true);
    expect(all.body.orders.length).toBeGreaterThan(paid.body.orders.length);
    const bad = await as(t, elise, 'GET', `/api/manage/hubs/${HUB}/cycles/${cycle}/orders?state=lost`);
    expect(bad.status).toBe(422);
    const page = await as(t, elise, 'GET', `/gestion/${HUB}/cycles/${cycle}/commandes`);
    expect(page.text).toContain('<svg class="chart" role="img" aria-label="Ventes par producteur (TTC)"');
  });
});

describe('reports', () => {
  it('packing per shopper lists each bag; totals per producer add up; CSV opens in French spreadsheets', async () => {
    const cycle = shop.hub.open.cycleId;
    const bags = await as(t, elise, 'GET', `/gestion/${HUB}/cycles/${cycle}/rapports/paniers`);
    expect(bags.status).toBe(200);
    expect(bags.text).toContain('Zoé Filtre');
    expect(bags.text).toContain('data-print');
    const producers = await as(t, elise, 'GET', `/api/manage/hubs/${HUB}/cycles/${cycle}/reports/producers`);
    const lines = await t.conn.db.all<{ q: number }>(
      sql`SELECT sum(ol.quantity) AS q FROM order_lines ol JOIN orders o ON o.id = ol.order_id WHERE o.hub_id = ${shop.hub.id} AND o.cycle_id = ${cycle} AND o.state IN ('placed','ready','collected','delivered')`,
    );
    expect(producers.body.rows.reduce((s: number, r: { quantity: number }) => s + r.quantity, 0)).toBe(lines[0]!.q);

    const res = await fetch(`${t.url}/gestion/${HUB}/cycles/${cycle}/rapports/paiements.csv`, { headers: { cookie: elise.cookie } });
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="paiements-la-ruche-du-plateau-cycle-\d+\.csv"/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = new TextDecoder().decode(bytes.slice(3)).trim().split('\r\n');
    expect(header).toBe('reference;client;moyen;etat;montant_ttc;rendu_ttc;a_rendre_ttc');
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r).toMatch(/^C-[0-9A-Z]{6};[^;]+;[^;]+;[^;]+;\d+,\d\d;\d+,\d\d;\d+,\d\d$/);
    const english = await fetch(`${t.url}/en/manage/${HUB}/cycles/${cycle}/reports/payments.csv`, { headers: { cookie: elise.cookie } });
    expect((await english.text()).split('\r\n')[0]).toBe(
      'reference;shopper;method;state;amount_incl_vat;given_back_incl_vat;to_give_back_incl_vat',
    );
  });

  it('refuses an unknown report', async () => {
    const res = await as(t, elise, 'GET', `/gestion/${HUB}/cycles/${shop.hub.open.cycleId}/rapports/inconnu`);
    expect(res.status).toBe(404);
    expect(res.text).toContain('Ce rapport n’existe pas.');
  });
});

describe('cycles', () => {
  it('clones a cycle whole weeks later, opening after the original closes, with every variant and fee, in one request, and marks the shop stale', async () => {
    const cycle = shop.hub.open.cycleId;
    await t.conn.db.delete(stalePages);
    const res = await as(t, elise, 'POST', `/gestion/${HUB}/cycles/${cycle}/dupliquer`, {}, { form: true });
    expect(res.status).toBe(303);
    const newId = Number(/\/cycles\/(\d+)\?saved=1$/.exec(res.headers.get('location')!)![1]);
    const [from] = await t.conn.db.select().from(orderCycles).where(eq(orderCycles.id, cycle));
    const [to] = await t.conn.db.select().from(orderCycles).where(eq(orderCycles.id, newId));
    // Same weekday and Paris hour, moved by whole weeks until it no longer overlaps the original.
    const parisWeekHour = (ms: number) =>
      new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', weekday: 'long', hour: '2-digit', minute: '2-digit' }).format(ms);
    expect(to!.opensAt).toBeGreaterThanOrEqual(from!.closesAt);
    expect(parisWeekHour(to!.opensAt)).toBe(parisWeekHour(from!.opensAt));
    const shift = to!.opensAt - from!.opensAt;
    const count = async (id: number) =>
      (
        await t.conn.db.all<{ n: number }>(
          sql`SELECT count(*) AS n FROM cycle_outgoing_variants cov JOIN cycle_outgoing co ON co.id = cov.outgoing_id WHERE co.cycle_id = ${id}`,
        )
      )[0]!.n;
    expect(await count(newId)).toBe(await count(cycle));
    const fees = async (id: number) =>
      (await t.conn.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM cycle_fees WHERE cycle_id = ${id}`))[0]!.n;
    expect(await fees(newId)).toBe(await fees(cycle));
    const [o1] = await t.conn.db.select().from(cycleOutgoing).where(eq(cycleOutgoing.cycleId, cycle));
    const [o2] = await t.conn.db.select().from(cycleOutgoing).where(eq(cycleOutgoing.cycleId, newId));
    expect(parisWeekHour(o2!.collectionStartsAt!)).toBe(parisWeekHour(o1!.collectionStartsAt!));
    expect(Math.abs(o2!.collectionStartsAt! - o1!.collectionStartsAt! - shift)).toBeLessThanOrEqual(3_600_000);
    expect((await t.conn.db.select().from(stalePages)).map((s) => s.path)).toContain(`/boutiques/${HUB}/`);
    const page = await as(t, elise, 'GET', res.headers.get('location')!);
    expect(page.text).toContain('Cycle enregistré.');
  });

  it('edits which variants a cycle sells, and refuses a cycle that closes before it opens', async () => {
    const cycle = shop.hub.open.cycleId;
    const current = await as(t, elise, 'GET', `/api/manage/hubs/${HUB}/cycles/${cycle}`);
    const keep = current.body.variantIds.slice(0, 3);
    const o = current.body.outgoing;
    const body = {
      name: current.body.cycle.name,
      opensAt: current.body.cycle.opensAt,
      closesAt: current.body.cycle.closesAt,
      collectionStartsAt: o.collectionStartsAt,
      collectionEndsAt: o.collectionEndsAt,
      collectionPlace: o.collectionPlace,
      instructions: o.instructions,
      requiredTag: null,
      variantIds: keep,
      fees: current.body.fees.map((f: { feeId: number; role: string; producerId: number | null; hubId: number | null }) => ({
        feeId: f.feeId,
        role: f.role,
        producerId: f.producerId,
        hubId: f.hubId,
      })),
    };
    const bad = await as(t, elise, 'PUT', `/api/manage/hubs/${HUB}/cycles/${cycle}`, { ...body, closesAt: body.opensAt - 1 });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([{ field: 'closesAt', message: 'La fermeture doit suivre l’ouverture.' }]);
    const ok = await as(t, elise, 'PUT', `/api/manage/hubs/${HUB}/cycles/${cycle}`, body);
    expect(ok.status).toBe(200);
    const rows = await t.conn.db.select().from(cycleOutgoingVariants).where(eq(cycleOutgoingVariants.outgoingId, o.id));
    expect(rows.map((r) => r.variantId).sort()).toEqual([...keep].sort());
  });

  it('will not let a hub edit a cycle another hub coordinates', async () => {
    const drive = await shopOf(t, 'drive-fermier-de-la-vallee');
    const res = await as(t, elise, 'POST', `/api/manage/hubs/${HUB}/cycles/${drive.hub.open.cycleId}/clone`, {
      name: 'x',
      opensAt: Date.now(),
      closesAt: Date.now() + 1000,
    });
    expect(res.status).toBe(404);
  });
});

describe('checkout settings', () => {
  it('adds a delivery method from the form and refuses an unreadable fee', async () => {
    const bad = await as(
      t,
      elise,
      'POST',
      `/gestion/${HUB}/retrait-et-paiement/shipping`,
      { name: 'Tournée', kind: 'delivery', fee: 'cinq', description: '' },
      { form: true },
    );
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Montant illisible « cinq »');
    const ok = await as(
      t,
      elise,
      'POST',
      `/gestion/${HUB}/retrait-et-paiement/shipping`,
      { name: 'Tournée du samedi', kind: 'delivery', fee: '4,50', description: 'Felletin et alentours' },
      { form: true },
    );
    expect(ok.status).toBe(303);
    const [m] = await t.conn.db.select().from(shippingMethods).where(eq(shippingMethods.name, 'Tournée du samedi'));
    expect(m).toMatchObject({ kind: 'delivery', feeCents: 450, hubId: shop.hub.id });
  });
});

describe('cycle contents', () => {
  it('refuses variants of a producer that has no relationship with the hub', async () => {
    const cycle = shop.hub.open.cycleId;
    const current = await as(t, elise, 'GET', `/api/manage/hubs/${HUB}/cycles/${cycle}`);
    // Les Vergers de la Vézère sell only through the drive.
    const [foreign] = await t.conn.db.all<{
      id: number;
    }>(sql`SELECT v.id FROM variants v JOIN products p ON p.id = v.product_id JOIN enterprises e ON e.id = p.producer_id
      WHERE e.slug = 'les-vergers-de-la-vezere' LIMIT 1`);
    const o = current.body.outgoing;
    const res = await as(t, elise, 'PUT', `/api/manage/hubs/${HUB}/cycles/${cycle}`, {
      name: current.body.cycle.name,
      opensAt: current.body.cycle.opensAt,
      closesAt: current.body.cycle.closesAt,
      collectionStartsAt: o.collectionStartsAt,
      collectionEndsAt: o.collectionEndsAt,
      variantIds: [...current.body.variantIds, foreign!.id],
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({ field: 'variantIds', message: expect.stringContaining(String(foreign!.id)) });
    const after = await as(t, elise, 'GET', `/api/manage/hubs/${HUB}/cycles/${cycle}`);
    expect(after.body.variantIds).toEqual(current.body.variantIds);
  });
});
