// A hub connects Stripe from its payment settings, against the fake Stripe and the built worker in
// workerd: the account is created, the manager goes through Stripe's hosted onboarding and comes back,
// account.updated (signed as Stripe signs it) records what the account may do, and card payment is
// offered at checkout only while charges are enabled. The demo Ruche starts as a hub never connected.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, enterprises, webhookEvents } from '../../db/schema/index.ts';
import { as, signIn, type Session } from '../support/admin.ts';
import { card, cardPaymentBody, cardShop, cartWith, startPayingWorker, variantWithStock } from '../support/checkout.ts';
import type { DemoShop } from '../support/demo-data.ts';
import type { FakeStripe } from '../support/fake-stripe.ts';
import type { TestWorker } from '../support/local-worker.ts';

let t: TestWorker;
let fake: FakeStripe;
let close: () => Promise<void>;
let elise: Session;
let shop: DemoShop;
const SETTINGS = '/gestion/la-ruche-du-plateau/retrait-et-paiement';
const used: number[] = [];

beforeAll(async () => {
  ({ t, fake, close } = await startPayingWorker());
  shop = await cardShop(t.conn.db);
  elise = await signIn(t, 'elise.bernard@example.org');
  // As a hub that never connected Stripe (the demo's account was set by hand).
  await t.conn.db
    .update(enterprises)
    .set({ stripeAccountId: null, stripeChargesEnabled: false, stripePayoutsEnabled: false, stripeDetailsSubmitted: false })
    .where(eq(enterprises.id, shop.hub.id));
});
afterAll(() => close?.());

const hubRow = async () => (await t.conn.db.select().from(enterprises).where(eq(enterprises.id, shop.hub.id)))[0]!;
const stripeState = async () => {
  const page = await as(t, elise, 'GET', SETTINGS);
  expect(page.status).toBe(200);
  const m = /data-testid="stripe-state" data-state="([a-z]+)"/.exec(page.text);
  return { state: m?.[1], text: page.text };
};
async function newCart() {
  const item = await variantWithStock(t.conn.db, shop, 50, used);
  used.push(item.variantId);
  return cartWith(t, shop, [[item.variantId, 1]]);
}
const cardQuote = async (cartId: string) =>
  (await t.call('POST', `/api/carts/${cartId}/quote`, {})).body.paymentMethods.find((m: { kind: string }) => m.kind === 'card');
async function waitFor<T>(read: () => Promise<T | undefined>, ms = 5000): Promise<T> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    const v = await read();
    if (v !== undefined) return v;
  }
  throw new Error('timed out');
}

describe('Stripe Connect onboarding', () => {
  it('connects, onboards on Stripe, comes back, follows account.updated, then offers card at checkout', async () => {
    expect((await stripeState()).state).toBe('none');
    const before = await newCart();
    expect(await cardQuote(before)).toMatchObject({ available: false, message: 'Cette boutique ne peut pas encore encaisser par carte.' });

    const connect = await as(t, elise, 'POST', `${SETTINGS}/stripe/connect`, {}, { form: true });
    expect(connect.status).toBe(303);
    const link = connect.headers.get('location')!;
    expect(link.startsWith(`${fake.url}/setup/s/`)).toBe(true);
    const created = fake.requests.find((r) => r.method === 'POST' && r.path === '/v1/accounts')!;
    expect(created.params).toMatchObject({ controller: { stripe_dashboard: { type: 'full' }, fees: { payer: 'account' } }, country: 'FR' });
    const accountId = (await hubRow()).stripeAccountId!;
    expect(accountId).toMatch(/^acct_/);
    const linkRequest = fake.requests.find((r) => r.path === '/v1/account_links')!;
    expect(linkRequest.params).toMatchObject({
      account: accountId,
      type: 'account_onboarding',
      return_url: `${t.url}${SETTINGS}/stripe/return`,
      refresh_url: `${t.url}${SETTINGS}/stripe/refresh`,
    });
    const half = await stripeState();
    expect(half.state).toBe('onboarding');
    expect(half.text).toContain('Inscription Stripe à terminer');
    // Onboarding not finished: card is refused at placement with a clear message.
    const refused = await t.call('POST', '/api/orders', cardPaymentBody(shop, await newCart()));
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('METHOD_UNAVAILABLE');
    expect(refused.body.errors[0].message).toContain('ne peut pas encore encaisser par carte');

    // An expired link: the refresh page makes a new one for the same account.
    const refresh = await as(t, elise, 'GET', `${SETTINGS}/stripe/refresh`);
    expect(refresh.status).toBe(303);
    expect(refresh.headers.get('location')).not.toBe(link);
    expect(fake.requests.filter((r) => r.path === '/v1/account_links').at(-1)!.params).toMatchObject({ account: accountId });

    // The manager finishes on Stripe's page; Stripe sends them back and its webhook follows.
    fake.webhookDelayMs = 200;
    const done = await fetch(refresh.headers.get('location')!, { method: 'POST', redirect: 'manual' });
    expect(done.status).toBe(303);
    const back = new URL(done.headers.get('location')!);
    expect(back.pathname).toBe(`${SETTINGS}/stripe/return`);
    const returned = await as(t, elise, 'GET', back.pathname);
    expect(returned.status).toBe(303);
    expect(returned.headers.get('location')).toBe(`${SETTINGS}?stripe=back`);
    const active = await stripeState();
    expect(active.state).toBe('active');
    expect(active.text).toContain('Paiements par carte actifs');
    await waitFor(async () =>
      (await t.conn.db.select().from(webhookEvents).where(eq(webhookEvents.type, 'account.updated'))).length ? true : undefined,
    );
    expect(await hubRow()).toMatchObject({ stripeChargesEnabled: true, stripePayoutsEnabled: true, stripeDetailsSubmitted: true });

    const paying = await newCart();
    expect(await cardQuote(paying)).toMatchObject({ available: true, message: null });
    const placed = await t.call('POST', '/api/orders', cardPaymentBody(shop, paying));
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    expect([...fake.sessions.values()].find((s) => s.metadata?.order_id === placed.body.id)!._account).toBe(accountId);
  });

  it('stops offering card when Stripe disables charges, and records a replayed account.updated once', async () => {
    const accountId = (await hubRow()).stripeAccountId!;
    const event = fake.updateAccount(accountId, { charges_enabled: false });
    const first = await fake.deliver(event);
    expect(first.status).toBe(200);
    expect(first.body.outcome).toBe('account-recorded');
    const again = await fake.deliver(event);
    expect(again.status).toBe(200);
    expect(again.body.outcome).toBe('duplicate');
    expect((await t.conn.db.select().from(webhookEvents).where(eq(webhookEvents.id, event.id))).length).toBe(1);
    expect((await hubRow()).stripeChargesEnabled).toBe(false);
    const page = await stripeState();
    expect(page.state).toBe('review');
    const cartId = await newCart();
    expect(await cardQuote(cartId)).toMatchObject({ available: false });
    const refused = await t.call('POST', '/api/orders', cardPaymentBody(shop, cartId));
    expect(refused.body.code).toBe('METHOD_UNAVAILABLE');
    // An older event arriving late changes nothing.
    const stale = { ...fake.updateAccount(accountId, { charges_enabled: true }), created: Math.floor(Date.now() / 1000) - 3600 };
    fake.accounts.get(accountId)!.charges_enabled = false;
    expect((await fake.deliver(stale as typeof event)).body.outcome).toBe('account-unchanged');
    expect((await hubRow()).stripeChargesEnabled).toBe(false);
    // An event about an account no hub has is acknowledged and left alone.
    const other = {
      ...event,
      id: `${event.id}x`,
      account: 'acct_someone_else',
      data: { object: { ...event.data.object, id: 'acct_someone_else' } },
    };
    expect((await fake.deliver(other as typeof event)).body.outcome).toBe('ignored');
    const ok = await fake.deliver(fake.updateAccount(accountId, { charges_enabled: true }));
    expect(ok.body.outcome).toBe('account-recorded');
  });

  it('disconnects: no card from then on, past orders keep their account; connecting again reuses it', async () => {
    const accountId = (await hubRow()).stripeAccountId!;
    const res = await as(t, elise, 'POST', `${SETTINGS}/stripe/disconnect`, {}, { form: true });
    expect(res.status).toBe(303);
    const page = await stripeState();
    expect(page.state).toBe('disconnected');
    expect(page.text).toContain('Stripe déconnecté');
    expect(await hubRow()).toMatchObject({ stripeAccountId: accountId, stripeChargesEnabled: false });
    expect(await cardQuote(await newCart())).toMatchObject({ available: false });
    // Stripe saying the account can charge does not reconnect it.
    expect((await fake.deliver(fake.updateAccount(accountId, { charges_enabled: true }))).body.outcome).toBe('account-unchanged');
    const audit = await t.conn.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.enterpriseId, shop.hub.id), eq(auditLog.action, 'stripe.disconnect')));
    expect(audit).toHaveLength(1);

    const accountsBefore = fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/accounts').length;
    const again = await as(t, elise, 'POST', `${SETTINGS}/stripe/connect`, {}, { form: true });
    expect(again.status).toBe(303);
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/accounts').length).toBe(accountsBefore);
    expect(await hubRow()).toMatchObject({ stripeAccountId: accountId, stripeChargesEnabled: true, stripeDisconnectedAt: null });
    expect((await stripeState()).state).toBe('active');
    expect(card(shop)).toBeTruthy();
  });

  it('refuses the manager of another enterprise, who cannot connect this shop', async () => {
    const thomas = await signIn(t, 'thomas.lefevre@example.org');
    const res = await as(t, thomas, 'POST', `${SETTINGS}/stripe/disconnect`, {}, { form: true });
    expect(res.status).toBe(403);
    expect((await hubRow()).stripeDisconnectedAt).toBeNull();
  });
});
