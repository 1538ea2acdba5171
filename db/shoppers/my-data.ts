// « Mes données » in the database: everything held about one e-mail address, and erasing it. Orders and
// invoices are accounting records, kept ten years (Code de commerce, art. L123-22): erasure leaves them
// whole and removes or anonymises everything else (customer records and tags, sessions, links, saved details).
import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../core/client.ts';
import {
  carts,
  customers,
  customerTags,
  enterprises,
  orderCycles,
  orderLines,
  orders,
  shopperProfiles,
  shopperSessions,
  shopperSignInTokens,
} from '../schema/index.ts';

export async function shopperData(db: Db, email: string) {
  const mine = db.select({ id: orders.id }).from(orders).where(eq(orders.email, email));
  const [profile, customerRows, tags, orderRows, lines, sessions] = await db.batch([
    db.select().from(shopperProfiles).where(eq(shopperProfiles.email, email)),
    db
      .select({ id: customers.id, shop: enterprises.name, name: customers.name, phone: customers.phone, createdAt: customers.createdAt })
      .from(customers)
      .innerJoin(enterprises, eq(enterprises.id, customers.hubId))
      .where(eq(customers.email, email)),
    db
      .select({ customerId: customerTags.customerId, tag: customerTags.tag })
      .from(customerTags)
      .where(inArray(customerTags.customerId, db.select({ id: customers.id }).from(customers).where(eq(customers.email, email)))),
    db
      .select({
        id: orders.id,
        publicId: orders.publicId,
        shop: enterprises.name,
        sale: orderCycles.name,
        state: orders.state,
        paymentState: orders.paymentState,
        paymentName: orders.paymentName,
        shippingName: orders.shippingName,
        name: orders.name,
        email: orders.email,
        phone: orders.phone,
        addressLine: orders.addressLine,
        postalCode: orders.postalCode,
        city: orders.city,
        totalCents: orders.totalCents,
        placedAt: orders.placedAt,
        createdAt: orders.createdAt,
      })
      .from(orders)
      .innerJoin(enterprises, eq(enterprises.id, orders.hubId))
      .innerJoin(orderCycles, eq(orderCycles.id, orders.cycleId))
      .where(eq(orders.email, email))
      .orderBy(asc(orders.createdAt), asc(orders.id)),
    db
      .select({
        orderId: orderLines.orderId,
        productName: orderLines.productName,
        variantName: orderLines.variantName,
        quantity: orderLines.quantity,
        unitPriceCents: orderLines.unitPriceCents,
        lineTotalCents: orderLines.lineTotalCents,
      })
      .from(orderLines)
      .where(inArray(orderLines.orderId, mine)),
    db
      .select({ createdAt: shopperSessions.createdAt, expiresAt: shopperSessions.expiresAt })
      .from(shopperSessions)
      .where(eq(shopperSessions.email, email)),
  ]);
  return {
    email,
    profile: profile[0] ?? null,
    customerRecords: customerRows.map(({ id, ...c }) => ({ ...c, tags: tags.filter((t) => t.customerId === id).map((t) => t.tag) })),
    orders: orderRows.map(({ id, ...o }) => ({ ...o, lines: lines.filter((l) => l.orderId === id).map(({ orderId: _, ...l }) => l) })),
    sessions,
  };
}

/**
 * Erases the account in one batch: customer records anonymised (kept, since orders point to them) and
 * their tags dropped, carts unlinked, saved details, links and every session deleted. Orders and
 * invoices are not touched.
 */
export async function eraseShopper(db: Db, email: string) {
  const theirs = db.select({ id: customers.id }).from(customers).where(eq(customers.email, email));
  await db.batch([
    db.delete(customerTags).where(inArray(customerTags.customerId, theirs)),
    db.update(carts).set({ customerId: null }).where(inArray(carts.customerId, theirs)),
    // Unique per hub and never a deliverable address, so no message reaches anyone through it.
    db
      .update(customers)
      .set({ email: sql`'erased-' || ${customers.id} || '@invalid'`, name: '', phone: '' })
      .where(eq(customers.email, email)),
    db.delete(shopperProfiles).where(eq(shopperProfiles.email, email)),
    db.delete(shopperSignInTokens).where(eq(shopperSignInTokens.email, email)),
    db.delete(shopperSessions).where(eq(shopperSessions.email, email)),
  ]);
}
