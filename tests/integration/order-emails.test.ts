// E-mails through the shopper's order and to the hub, in each recipient's language: « ready » when the
// hub marks an order ready, « payment recorded » when it records an offline payment, the hub's
// new-order message in the language its managers use the back office in. All through the outbox and
// the provider, as the recipient would read them.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScheduled } from '../../scripts/local-worker.ts';
import { as, signIn, type Session } from '../support/admin.ts';
import { enterprises } from '../../db/schema/index.ts';
import { cartWith, orderBody, variantWithStock } from '../support/checkout.ts';
import type { DemoShop } from '../support/demo-data.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';
import { signInInEnglish, startMailProvider } from '../support/mail-provider.ts';
import { shopOf } from '../support/orders.ts';

const RUCHE = 'la-ruche-du-plateau';
const DRIVE = 'drive-fermier-de-la-vallee';
let provider: Awaited<ReturnType<typeof startMailProvider>>;
let t: TestWorker;
let elise: Session;
let ruche: DemoShop;
const used: number[] = [];

beforeAll(async () => {
  provider = await startMailProvider();
  t = await startTestWorker({ bindings: provider.bindings });
  elise = await signIn(t, 'elise.bernard@example.org');
  ruche = await shopOf(t, RUCHE);
});
afterAll(async () => {
  await t?.close();
  await provider?.close();
});

/** An offline order placed through the shop in the shopper's language; returns its id and the shopper's address. */
async function order(shop: DemoShop, email: string, locale: 'fr' | 'en') {
  const item = await variantWithStock(t.conn.db, shop, 20, used);
  used.push(item.variantId);
  await t.conn.db.update(enterprises).set({ minOrderCents: 0 }).where(eq(enterprises.id, shop.hub.id));
  const cartId = await cartWith(t, shop, [[item.variantId, 2]]);
  const res = await t.call(
    'POST',
    '/api/orders',
    orderBody(shop, cartId, { locale, contact: { name: 'Sam Taylor', email, phone: '06 11 22 33 44' }, acceptTerms: true }),
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}
const hubEmail = async (id: number) =>
  (await t.conn.db.select({ email: enterprises.email }).from(enterprises).where(eq(enterprises.id, id)))[0]!.email!;

const ref = (id: string) => `C-${id.slice(4, 10).toUpperCase()}`;
const topicCount = async (id: string, topic: string) =>
  (
    await t.conn.db.all<{ n: number }>(
      sql`SELECT count(*) AS n FROM outbox WHERE topic = ${topic} AND json_extract(payload, '$.orderPublicId') = ${id}`,
    )
  )[0]!.n;

describe('the shopper’s e-mails through the order', () => {
  it('tells an English-speaking shopper in English that the order is ready, once', async () => {
    const id = await order(ruche, 'sam.ready@example.org', 'en');
    const res = await as(t, elise, 'POST', `/gestion/${RUCHE}/commandes/${id}/etat`, { state: 'ready' }, { form: true });
    expect(res.status).toBe(303);
    // Asked again (a double submit): refused, and no second message.
    expect((await as(t, elise, 'POST', `/api/manage/hubs/${RUCHE}/orders/${id}/state`, { state: 'ready' })).status).toBe(409);
    await runScheduled(t.worker.miniflare);
    const ready = provider.to('sam.ready@example.org').filter((m) => m.subject.includes('ready'));
    expect(ready).toHaveLength(1);
    expect(ready[0]!.subject).toBe(`Your order ${ref(id)} is ready`);
    expect(ready[0]!.text).toContain('Sam Taylor, your order is ready for collection');
    expect(ready[0]!.text).toContain(`${ruche.hub.name} has prepared your order ${ref(id)}`);
    expect(ready[0]!.text).toContain('To pay at collection:');
    expect(ready[0]!.text).toContain(`${t.url}/en/orders/${id}`);
    expect(ready[0]!.html).not.toMatch(/<img|<script|<link/);
    expect(await topicCount(id, 'order.ready.shopper')).toBe(1);
    // Collected: no further message.
    expect((await as(t, elise, 'POST', `/api/manage/hubs/${RUCHE}/orders/${id}/state`, { state: 'collected' })).status).toBe(200);
    expect(await topicCount(id, 'order.ready.shopper')).toBe(1);
  });

  it('tells the shopper in French that the hub recorded the payment, once', async () => {
    const id = await order(ruche, 'lea.paid@example.org', 'fr');
    const res = await as(t, elise, 'POST', `/gestion/${RUCHE}/commandes/${id}/payee`, {}, { form: true });
    expect(res.status).toBe(303);
    expect((await as(t, elise, 'POST', `/api/manage/hubs/${RUCHE}/orders/${id}/mark-paid`)).status).toBe(409);
    await runScheduled(t.worker.miniflare);
    const paid = provider.to('lea.paid@example.org').filter((m) => m.subject.startsWith('Paiement enregistré'));
    expect(paid).toHaveLength(1);
    expect(paid[0]!.subject).toBe(`Paiement enregistré pour votre commande ${ref(id)}`);
    expect(paid[0]!.text).toContain(`${ruche.hub.name} a enregistré votre paiement de`);
    expect(paid[0]!.text).toContain(`${t.url}/commandes/${id}`);
    expect(await topicCount(id, 'order.paid.shopper')).toBe(1);
  });

  it('tells the shopper the hub cancelled the order, with the reason and a link that opens from the mail', async () => {
    const id = await order(ruche, 'noe.cancelled@example.org', 'fr');
    const res = await as(t, elise, 'POST', `/api/manage/hubs/${RUCHE}/orders/${id}/cancel`, { reason: 'Gel sur les salades' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    await runScheduled(t.worker.miniflare);
    const mails = provider.to('noe.cancelled@example.org').filter((m) => m.subject.includes('annulée'));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain('Gel sur les salades');
    // Queued by an API call that knows no origin: the link is still absolute, on the site's address.
    expect(mails[0]!.text).toContain(`${t.url}/commandes/${id}`);
  });
});

describe('messages to a hub', () => {
  it('writes to a hub whose manager uses the back office in English in English, and to a French one in French', async () => {
    await signInInEnglish(t, 'thomas.lefevre@example.org');
    const drive = await shopOf(t, DRIVE);
    const english = await order(drive, 'nina.drive@example.org', 'fr');
    const french = await order(ruche, 'nina.ruche@example.org', 'fr');
    await runScheduled(t.worker.miniflare);
    const toDrive = provider.to(await hubEmail(drive.hub.id)).find((m) => m.text.includes(ref(english)))!;
    expect(toDrive.subject).toMatch(new RegExp(`^New order ${ref(english)} — Sam Taylor, `));
    expect(toDrive.text).toContain('Payment:');
    expect(toDrive.text).toContain('Total (VAT incl.)');
    const toRuche = provider.to(await hubEmail(ruche.hub.id)).find((m) => m.text.includes(ref(french)))!;
    expect(toRuche.subject).toMatch(new RegExp(`^Nouvelle commande ${ref(french)} — Sam Taylor, `));
    // The shopper still reads French: the order's language, not the hub's.
    expect(provider.to('nina.drive@example.org').find((m) => m.text.includes(ref(english)))!.subject).toMatch(/^Votre commande/);
  });
});
