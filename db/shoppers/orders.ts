// What a signed-in shopper sees of their orders: every order placed with their address, at any hub,
// with its shop, sale, state, payment, whether an invoice was issued and the facts of the own-change
// rule (domain/own-orders.ts), read in the same query; and the details checkout prefills.
import { and, desc, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../core/client.ts';
import { enterprises, invoices, orderChanges, orderCycles, orders, shopperProfiles } from '../schema/index.ts';

export async function shopperOrders(db: Db, email: string) {
  return (
    db
      .select({
        publicId: orders.publicId,
        hubSlug: enterprises.slug,
        hubName: enterprises.name,
        cycleName: orderCycles.name,
        state: orders.state,
        paymentState: orders.paymentState,
        paymentName: orders.paymentName,
        shippingName: orders.shippingName,
        totalCents: orders.totalCents,
        placedAt: orders.placedAt,
        createdAt: orders.createdAt,
        locale: orders.locale,
        invoiced: sql<number>`EXISTS (SELECT 1 FROM ${invoices} WHERE ${invoices.orderId} = ${orders.id})`,
        // What ownChangeRefusal decides on, as ownOrderFacts reads it for the order page.
        paymentKind: orders.paymentKind,
        allowed: enterprises.shoppersChangeOrders,
        closesAt: orderCycles.closesAt,
        cardAccount: sql<boolean>`${enterprises.stripeAccountId} IS NOT NULL`.mapWith(Boolean),
        pendingSince: sql<number | null>`(SELECT ${orderChanges.createdAt} FROM ${orderChanges}
          WHERE ${orderChanges.orderId} = ${orders.id} AND ${orderChanges.state} = 'pending' ORDER BY ${orderChanges.id} DESC LIMIT 1)`,
      })
      .from(orders)
      .innerJoin(enterprises, eq(enterprises.id, orders.hubId))
      .innerJoin(orderCycles, eq(orderCycles.id, orders.cycleId))
      // A card attempt that never completed is not an order the shopper made.
      .where(and(eq(orders.email, email), ne(orders.state, 'checkout')))
      .orderBy(desc(orders.createdAt), desc(orders.id))
  );
}

export type ShopperOrder = Awaited<ReturnType<typeof shopperOrders>>[number];

export async function shopperProfile(db: Db, email: string) {
  const rows = await db.select().from(shopperProfiles).where(eq(shopperProfiles.email, email));
  return rows[0] ?? null;
}

/** Saved at each order of a signed-in shopper, so the next checkout is prefilled. */
export function saveProfileStatement(
  db: Db,
  p: { email: string; name: string; phone: string; addressLine: string; postalCode: string; city: string; now: number },
) {
  const { now, ...values } = p;
  // An order collected at the hub has no address: keep the one saved before.
  const address = p.addressLine ? { addressLine: p.addressLine, postalCode: p.postalCode, city: p.city } : {};
  return db
    .insert(shopperProfiles)
    .values({ ...values, updatedAt: now })
    .onConflictDoUpdate({ target: shopperProfiles.email, set: { name: p.name, phone: p.phone, ...address, updatedAt: now } });
}
