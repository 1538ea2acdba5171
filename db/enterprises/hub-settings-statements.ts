// The writes on a hub's checkout settings and customers, as statements a use case batches with its
// stale marks and audit entry, and the small reads its checks make first (hub-settings.ts has the pages' reads).
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../core/client.ts';
import type { Statement } from '../core/batch.ts';
import type { PaymentKind, ShippingKind } from '../../domain/orders.ts';
import { customers, customerTags, enterprises, paymentMethods, shippingMethods, tagVariantRules } from '../schema/index.ts';

export type MethodTable = 'shipping' | 'payment';
const methods = (table: MethodTable) => (table === 'shipping' ? shippingMethods : paymentMethods);

/** The hub's connected Stripe account, null when it has none or disconnected it. */
export async function hubStripeAccount(db: Db, hubId: number): Promise<string | null> {
  const [row] = await db
    .select({ account: enterprises.stripeAccountId, off: enterprises.stripeDisconnectedAt })
    .from(enterprises)
    .where(eq(enterprises.id, hubId));
  return row && row.off === null ? row.account : null;
}

export async function hubHasMethod(db: Db, table: MethodTable, hubId: number, id: number): Promise<boolean> {
  const t = methods(table);
  return (
    (
      await db
        .select({ id: t.id })
        .from(t)
        .where(and(eq(t.id, id), eq(t.hubId, hubId)))
    ).length > 0
  );
}

export async function hubHasTagRule(db: Db, hubId: number, id: number): Promise<boolean> {
  return (
    (
      await db
        .select({ id: tagVariantRules.id })
        .from(tagVariantRules)
        .where(and(eq(tagVariantRules.id, id), eq(tagVariantRules.hubId, hubId)))
    ).length > 0
  );
}

export function setTermsStatement(db: Db, hubId: number, termsText: string | null, minOrderCents: number, now: number): Statement {
  return db.update(enterprises).set({ termsText, minOrderCents, updatedAt: now }).where(eq(enterprises.id, hubId));
}

/** A new method goes last in the hub's list. */
export function addShippingMethodStatement(
  db: Db,
  hubId: number,
  m: { name: string; kind: ShippingKind; description: string; feeCents: number; vatRateBp: number },
): Statement {
  return db
    .insert(shippingMethods)
    .values({ hubId, ...m, position: sql`(SELECT coalesce(max(position), 0) + 1 FROM shipping_methods WHERE hub_id = ${hubId})` });
}

export function addPaymentMethodStatement(db: Db, hubId: number, m: { name: string; kind: PaymentKind; description: string }): Statement {
  return db
    .insert(paymentMethods)
    .values({ hubId, ...m, position: sql`(SELECT coalesce(max(position), 0) + 1 FROM payment_methods WHERE hub_id = ${hubId})` });
}

export function archiveMethodStatement(db: Db, table: MethodTable, id: number, now: number): Statement {
  const t = methods(table);
  return db.update(t).set({ archivedAt: now }).where(eq(t.id, id));
}

/** The customer (by e-mail, created or renamed) and exactly these tags. */
export function saveCustomerStatements(
  db: Db,
  hubId: number,
  c: { email: string; name: string; tags: readonly string[] },
  now: number,
): Statement[] {
  const customerId = sql`(SELECT id FROM customers WHERE hub_id = ${hubId} AND email = ${c.email})`;
  return [
    db
      .insert(customers)
      .values({ hubId, email: c.email, name: c.name, createdAt: now })
      // An empty name field changes the tags only: it never erases the name the customer gave.
      .onConflictDoUpdate({ target: [customers.hubId, customers.email], set: { name: c.name === '' ? sql`name` : c.name } }),
    db.delete(customerTags).where(eq(customerTags.customerId, customerId)),
    ...(c.tags.length ? [db.insert(customerTags).values(c.tags.map((tag) => ({ customerId, tag })))] : []),
  ];
}

/** Reserves the variant to customers with the tag, at this price if any (replacing the rule's price). */
export function saveTagRuleStatement(db: Db, hubId: number, r: { tag: string; variantId: number; priceCents: number | null }): Statement {
  return db
    .insert(tagVariantRules)
    .values({ hubId, tag: r.tag, variantId: r.variantId, priceCents: r.priceCents })
    .onConflictDoUpdate({
      target: [tagVariantRules.hubId, tagVariantRules.tag, tagVariantRules.variantId],
      set: { priceCents: r.priceCents },
    });
}

export function removeTagRuleStatement(db: Db, id: number): Statement {
  return db.delete(tagVariantRules).where(eq(tagVariantRules.id, id));
}
