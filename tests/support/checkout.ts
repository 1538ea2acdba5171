// What checkout tests share: a cart filled through the API, an order body for a shop, the demo shop
// that takes cards (its hub has a Stripe account), and reading back stock, orders and the outbox.
import { eq, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Db } from '../../db/core/client.ts';
import { orders, variants } from '../../db/schema/index.ts';
import { openShops, type DemoShop } from './demo-data.ts';
import { startFakeStripe, type FakeStripe } from './fake-stripe.ts';
import { startTestWorker, type TestWorker } from './local-worker.ts';

/** The worker with card payment on, against a fake Stripe that delivers its webhooks to it; `bindings` adds or overrides worker variables. */
export async function startPayingWorker(
  bindings: Record<string, string> = {},
): Promise<{ t: TestWorker; fake: FakeStripe; close(): Promise<void> }> {
  const fake = await startFakeStripe();
  const t = await startTestWorker({ bindings: { ...fake.bindings, ...bindings } });
  fake.webhookUrl = `${t.url}/api/webhooks/stripe`;
  return { t, fake, close: async () => (await t.close(), await fake.close()) };
}

export const contact = { name: 'Camille Martin', email: 'camille@example.org', phone: '06 12 34 56 78' };

export async function cartWith(t: TestWorker, s: DemoShop, lines: Array<[number, number]>): Promise<string> {
  const cart = (await t.call('POST', '/api/carts', { hub: s.hub.slug })).body.id as string;
  for (const [variantId, quantity] of lines) {
    const res = await t.call('POST', `/api/carts/${cart}/lines`, { variantId, quantity });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
  return cart;
}

export const pickup = (s: DemoShop) => s.options.shipping.find((m) => m.kind === 'pickup')!;
export const offline = (s: DemoShop) => s.options.payment.find((m) => m.kind === 'offline')!;
export const card = (s: DemoShop) => s.options.payment.find((m) => m.kind === 'card')!;

export function orderBody(s: DemoShop, cartId: string, over: Record<string, unknown> = {}) {
  return {
    cartId,
    contact,
    shippingMethodId: pickup(s).id,
    paymentMethodId: offline(s).id,
    ...(s.options.termsText ? { acceptTerms: true } : {}),
    ...over,
  };
}

export const cardPaymentBody = (s: DemoShop, cartId: string, over: Record<string, unknown> = {}) =>
  orderBody(s, cartId, { paymentMethodId: card(s).id, ...over });

/** The demo shop offering card payment (la Ruche du Plateau, with its connected Stripe account). */
export async function cardShop(db: Db): Promise<DemoShop> {
  const shop = (await openShops(db)).find((s) => s.options.payment.some((p) => p.kind === 'card'));
  if (!shop) throw new Error('the demo has no open shop taking cards');
  return shop;
}

/** A variant of the shop whose stock is the producer's own (no hub override, no per-order maximum), set to `onHand`. */
export async function variantWithStock(
  db: Db,
  s: DemoShop,
  onHand: number,
  exclude: readonly number[] = [],
): Promise<DemoShop['items'][number]> {
  const overridden = new Set(
    (
      await db.all<{ variant_id: number }>(sql`SELECT variant_id FROM variant_overrides WHERE hub_id = ${s.hub.id} AND on_hand IS NOT NULL`)
    ).map((r) => r.variant_id),
  );
  const item = s.items.find((i) => !i.onDemand && i.maxPerOrder === null && !overridden.has(i.variantId) && !exclude.includes(i.variantId));
  if (!item) throw new Error('no plain stocked variant left');
  await db.update(variants).set({ onHand }).where(eq(variants.id, item.variantId));
  return item;
}

export const stockOf = async (db: Db, variantId: number) =>
  (await db.select({ onHand: variants.onHand }).from(variants).where(eq(variants.id, variantId)))[0]!.onHand;

export async function orderRow(db: Db, publicId: string) {
  return (await db.select().from(orders).where(eq(orders.publicId, publicId)))[0]!;
}

export async function messagesFor(db: Db, publicId: string) {
  const rows = await db.all<{ topic: string; recipient: string; locale: string; payload: string; sent_at: number | null }>(
    sql`SELECT topic, recipient, locale, payload, sent_at FROM outbox WHERE json_extract(payload, '$.orderPublicId') = ${publicId} ORDER BY id`,
  );
  return rows;
}
