// A shop shows open only when an order can be completed in that sale: a usable collection or delivery
// method and a usable payment method (card only while Stripe lets the hub charge). Against the built
// worker in workerd: the live state the public page reads, the catalog the static build reads, cart
// creation, and the back office saying why in words.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCatalog } from '../../db/catalog/site.ts';
import { enterprises } from '../../db/schema/index.ts';
import { as, signIn, type Session } from '../support/admin.ts';
import type { DemoShop } from '../support/demo-data.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';
import { shopOf } from '../support/orders.ts';

const HUB = 'la-ruche-du-plateau';
let t: TestWorker;
let elise: Session;
let ruche: DemoShop;

beforeAll(async () => {
  t = await startTestWorker();
  elise = await signIn(t, 'elise.bernard@example.org');
  ruche = await shopOf(t, HUB);
});
afterAll(() => t?.close());

const live = async () => (await t.call('GET', `/api/shops/${HUB}/live`)).body;
const buildPhase = async () =>
  (await readCatalog(t.conn.db, Date.now())).outgoings.find((o) => o.outgoingId === ruche.hub.open.outgoingId)?.phase;

describe('a shop open only when an order can be completed', () => {
  it('shows a sale whose only payment is card, without Stripe charges, closed everywhere, and the back office says why', async () => {
    expect((await live()).open).toBe(true);
    expect(await buildPhase()).toBe('open');
    // Stripe stops the hub's charges; the hub takes its offline payment off.
    await t.conn.db.update(enterprises).set({ stripeChargesEnabled: false }).where(eq(enterprises.id, ruche.hub.id));
    const offline = ruche.options.payment.filter((p) => p.kind === 'offline');
    for (const m of offline) {
      const res = await as(t, elise, 'POST', `/gestion/${HUB}/retrait-et-paiement/payment/${m.id}/archive`, {}, { form: true });
      expect(res.status).toBe(303);
    }
    const state = await live();
    expect(state.open).toBe(false);
    expect(state.cycle).toBeNull();
    expect(await buildPhase()).not.toBe('open');
    const cart = await t.call('POST', '/api/carts', { hub: HUB });
    expect(cart.status).toBe(409);
    expect(cart.body.code).toBe('CYCLE_CLOSED');
    const named = await t.call('POST', '/api/carts', { hub: HUB, cycle: ruche.hub.open.cycleId });
    expect(named.body.code).toBe('CYCLE_CLOSED');
    expect(named.body.errors[0].message).toContain('moyen de retrait ou de paiement utilisable');

    const settings = await as(t, elise, 'GET', `/gestion/${HUB}/retrait-et-paiement`);
    expect(settings.text).toContain('data-testid="sales-not-open"');
    expect(settings.text).toContain('est affichée fermée aux clients');
    expect(settings.text).toContain('le seul moyen de paiement est la carte, et Stripe n’autorise pas encore les paiements de la boutique');
    const cycle = await as(t, elise, 'GET', `/gestion/${HUB}/cycles/${ruche.hub.open.cycleId}`);
    expect(cycle.text).toContain('est affichée fermée aux clients');
    const english = await as(t, elise, 'GET', `/en/manage/${HUB}/checkout`);
    expect(english.text).toContain('shows closed to shoppers');

    // Stripe lets the hub charge again: the sale opens, and the back office has nothing to say.
    await t.conn.db.update(enterprises).set({ stripeChargesEnabled: true }).where(eq(enterprises.id, ruche.hub.id));
    expect((await live()).open).toBe(true);
    expect(await buildPhase()).toBe('open');
    expect((await as(t, elise, 'GET', `/gestion/${HUB}/retrait-et-paiement`)).text).not.toContain('data-testid="sales-not-open"');
  });

  it('shows a sale with no collection method closed, and says so', async () => {
    await t.conn.db.run(sql`UPDATE shipping_methods SET archived_at = ${Date.now()} WHERE hub_id = ${ruche.hub.id}`);
    expect((await live()).open).toBe(false);
    expect(await buildPhase()).not.toBe('open');
    const settings = await as(t, elise, 'GET', `/gestion/${HUB}/retrait-et-paiement`);
    expect(settings.text).toContain('aucun mode de retrait ou de livraison n’est proposé dans cette vente');
    await t.conn.db.run(sql`UPDATE shipping_methods SET archived_at = NULL WHERE hub_id = ${ruche.hub.id}`);
    await t.conn.db.run(sql`UPDATE payment_methods SET archived_at = NULL WHERE hub_id = ${ruche.hub.id}`);
    expect((await live()).open).toBe(true);
  });
});
