// Finds what the tests need in the seeded demo co-op through the same catalog queries the site uses,
// so tests do not depend on the seed's exact names.
import { and, eq } from 'drizzle-orm';
import { checkoutOptions, shopItems, type ShopItem } from '../../db/catalog/shop.ts';
import { hubSummaries, type HubSummary } from '../../db/catalog/site.ts';
import type { Db } from '../../db/core/client.ts';
import { orderCycles } from '../../db/schema/index.ts';

export interface DemoShop {
  hub: HubSummary & { open: NonNullable<HubSummary['open']> };
  items: ShopItem[];
  options: Awaited<ReturnType<typeof checkoutOptions>>;
}

export async function openShops(db: Db, now = Date.now()): Promise<DemoShop[]> {
  const hubs = (await hubSummaries(db, now)).filter((h): h is DemoShop['hub'] => h.open !== null);
  return Promise.all(
    hubs.map(async (hub) => ({
      hub,
      items: await shopItems(db, { hubId: hub.id, cycleId: hub.open.cycleId, outgoingId: hub.open.outgoingId }),
      options: await checkoutOptions(db, hub.id),
    })),
  );
}

/** A shop whose checkout has an offline payment and a free pickup, with no terms or minimum to satisfy. */
export async function simpleShop(db: Db): Promise<DemoShop> {
  const shops = await openShops(db);
  const shop =
    shops.find((s) => s.options.payment.some((p) => p.kind === 'offline') && s.options.shipping.some((m) => m.kind === 'pickup')) ??
    shops[0];
  if (!shop) throw new Error('the demo has no open shop');
  return shop;
}

export const inStock = (items: ShopItem[], atLeast = 10) =>
  items.find((i) => !i.onDemand && i.onHand >= atLeast && (i.maxPerOrder ?? 99) >= 5)!;
export const onDemand = (items: ShopItem[]) => items.find((i) => i.onDemand)!;

export async function closeCycle(db: Db, cycleId: number, now = Date.now()): Promise<void> {
  await db
    .update(orderCycles)
    .set({ opensAt: now - 3 * 86_400_000, closesAt: now - 1000 })
    .where(and(eq(orderCycles.id, cycleId)));
}
