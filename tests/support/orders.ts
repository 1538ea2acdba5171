// Places real orders through the public API (cart, then checkout with an offline payment), for
// back-office tests that need orders to list, report, mark paid or cancel.
import { eq } from 'drizzle-orm';
import type { ShopItem } from '../../db/catalog/shop.ts';
import { enterprises } from '../../db/schema/index.ts';
import { openShops, type DemoShop } from './demo-data.ts';
import type { TestWorker } from './local-worker.ts';

export async function shopOf(t: TestWorker, slug: string): Promise<DemoShop> {
  const shop = (await openShops(t.conn.db)).find((s) => s.hub.slug === slug);
  if (!shop) throw new Error(`no open shop ${slug}`);
  return shop;
}

export async function placeOrder(
  t: TestWorker,
  shop: DemoShop,
  lines: Array<{ item: ShopItem; quantity: number }>,
  who = { name: 'Camille Martin', email: 'camille@example.org', phone: '06 12 34 56 78' },
) {
  // Back-office tests need small orders; the shop's minimum is the checkout's business, tested there.
  await t.conn.db.update(enterprises).set({ minOrderCents: 0 }).where(eq(enterprises.id, shop.hub.id));
  const cart = await t.call('POST', '/api/carts', { hub: shop.hub.slug });
  if (cart.status !== 201) throw new Error(`cart: ${cart.status} ${JSON.stringify(cart.body)}`);
  for (const l of lines) {
    const res = await t.call('POST', `/api/carts/${cart.body.id}/lines`, { variantId: l.item.variantId, quantity: l.quantity });
    if (res.status !== 200) throw new Error(`add: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const shipping = shop.options.shipping.find((m) => m.kind === 'pickup')!;
  const payment = shop.options.payment.find((m) => m.kind === 'offline')!;
  const res = await t.call('POST', '/api/orders', {
    cartId: cart.body.id,
    contact: who,
    shippingMethodId: shipping.id,
    paymentMethodId: payment.id,
    acceptTerms: true,
  });
  if (res.status !== 201) throw new Error(`order: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}
