// Carts in the database: one batched read of everything a cart action needs, and the writes.
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { CycleFee } from '../../domain/fees.ts';
import { cycleFeesQuery, shopVariantsQuery, tagOnlyVariantIds, toShopItem, type ShopItem, type ShopVariantRow } from '../catalog/shop.ts';
import { batchNamed } from '../core/batch.ts';
import type { Db } from '../core/client.ts';
import { cartLines, carts, cycleOutgoing, enterprises, orderCycles, variants } from '../schema/index.ts';

export interface CartContext {
  id: number;
  publicId: string;
  hubId: number;
  hubSlug: string;
  hubName: string;
  cycleId: number;
  cycleName: string;
  opensAt: number;
  closesAt: number;
  outgoingId: number;
  /** Set when the sale became reserved to tagged customers after the cart was opened. */
  requiredTag: string | null;
  orderedAt: number | null;
  updatedAt: number;
}

export interface CartSnapshot {
  cart: CartContext;
  fees: CycleFee[];
  /** Shop data for the cart's variants and any extra variant asked for, keyed by variant id. */
  items: Map<number, ShopItem>;
  lines: Array<{ variantId: number; quantity: number }>;
}

/**
 * The queries that read a cart, its shop and cycle, the cycle's fees, its lines and the shop data
 * of those lines (plus `extraVariantIds`), by name. Every query is keyed on the cart's public id, so
 * they go in one batch, one round trip (batchNamed); callers may add their own queries to the same batch.
 */
export function cartSnapshotQueries(db: Db, publicId: string, extraVariantIds: readonly number[] = []) {
  const cartId = sql`(SELECT id FROM carts WHERE public_id = ${publicId})`;
  const hubId = sql`(SELECT hub_id FROM carts WHERE public_id = ${publicId})`;
  const cycleId = sql`(SELECT cycle_id FROM carts WHERE public_id = ${publicId})`;
  const outgoingId = sql`(SELECT co.id FROM cycle_outgoing co JOIN carts c ON co.cycle_id = c.cycle_id AND co.hub_id = c.hub_id WHERE c.public_id = ${publicId})`;
  const inCart = inArray(variants.id, db.select({ v: cartLines.variantId }).from(cartLines).where(eq(cartLines.cartId, cartId)));
  return {
    cart: db
      .select({
        id: carts.id,
        publicId: carts.publicId,
        hubId: carts.hubId,
        hubSlug: enterprises.slug,
        hubName: enterprises.name,
        cycleId: carts.cycleId,
        cycleName: orderCycles.name,
        opensAt: orderCycles.opensAt,
        closesAt: orderCycles.closesAt,
        outgoingId: cycleOutgoing.id,
        requiredTag: cycleOutgoing.requiredTag,
        orderedAt: carts.orderedAt,
        updatedAt: carts.updatedAt,
      })
      .from(carts)
      .innerJoin(enterprises, eq(enterprises.id, carts.hubId))
      .innerJoin(orderCycles, eq(orderCycles.id, carts.cycleId))
      .innerJoin(cycleOutgoing, and(eq(cycleOutgoing.cycleId, carts.cycleId), eq(cycleOutgoing.hubId, carts.hubId)))
      .where(eq(carts.publicId, publicId)),
    fees: cycleFeesQuery(db, cycleId),
    // Tag-only variants are not sold through the public cart (see openCycleQuery): they read as not in the shop.
    items: shopVariantsQuery(
      db,
      outgoingId,
      hubId,
      and(
        extraVariantIds.length ? or(inCart, inArray(variants.id, [...extraVariantIds])) : inCart,
        sql`${variants.id} NOT IN (${tagOnlyVariantIds(hubId)})`,
      ),
    ),
    lines: db
      .select({ variantId: cartLines.variantId, quantity: cartLines.quantity })
      .from(cartLines)
      .where(eq(cartLines.cartId, cartId))
      .orderBy(cartLines.addedAt, cartLines.variantId),
  };
}

/** What cartSnapshotQueries read, by name. */
export interface CartSnapshotRows {
  cart: CartContext[];
  fees: CycleFee[];
  items: ShopVariantRow[];
  lines: CartSnapshot['lines'];
}

export function assembleCartSnapshot({ cart: ctxRows, fees, items: itemRows, lines }: CartSnapshotRows): CartSnapshot | null {
  const cart = ctxRows[0];
  if (!cart) return null;
  const items = new Map(itemRows.map((r) => [r.variantId, toShopItem(r, fees, cart.hubId)]));
  return { cart, fees, items, lines };
}

export async function cartSnapshot(db: Db, publicId: string, extraVariantIds: readonly number[] = []): Promise<CartSnapshot | null> {
  return assembleCartSnapshot(await batchNamed(db, cartSnapshotQueries(db, publicId, extraVariantIds)));
}

export function createCartStatement(
  db: Db,
  cart: { publicId: string; hubId: number; cycleId: number; createdAt: number; updatedAt: number },
) {
  return db.insert(carts).values(cart);
}

/** Sets a line's quantity (0 removes it) and touches the cart, in one batch. */
export async function setCartLine(db: Db, cartId: number, variantId: number, quantity: number, now: number): Promise<void> {
  const touch = db.update(carts).set({ updatedAt: now }).where(eq(carts.id, cartId));
  if (quantity === 0) {
    await db.batch([db.delete(cartLines).where(and(eq(cartLines.cartId, cartId), eq(cartLines.variantId, variantId))), touch]);
    return;
  }
  await db.batch([
    db
      .insert(cartLines)
      .values({ cartId, variantId, quantity, addedAt: now })
      .onConflictDoUpdate({ target: [cartLines.cartId, cartLines.variantId], set: { quantity } }),
    touch,
  ]);
}
