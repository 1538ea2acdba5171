// A hub's checkout settings and customers as the back office edits them: collection and payment
// methods, terms and minimum, its own fees, customers with tags, and tag rules on variants.
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { hubMethodsQueries } from '../catalog/shop.ts';
import type { Db } from '../core/client.ts';
import { customers, customerTags, enterpriseFees, enterprises, products, tagVariantRules, variants } from '../schema/index.ts';

export async function hubSettings(db: Db, hubId: number) {
  const methods = hubMethodsQueries(db, hubId);
  const [hub, shipping, payment, fees] = await db.batch([
    db
      .select({
        termsText: enterprises.termsText,
        minOrderCents: enterprises.minOrderCents,
        shoppersChangeOrders: enterprises.shoppersChangeOrders,
        stripeAccountId: enterprises.stripeAccountId,
        stripeChargesEnabled: enterprises.stripeChargesEnabled,
        stripePayoutsEnabled: enterprises.stripePayoutsEnabled,
        stripeDetailsSubmitted: enterprises.stripeDetailsSubmitted,
        stripeSyncedAt: enterprises.stripeSyncedAt,
        stripeDisconnectedAt: enterprises.stripeDisconnectedAt,
      })
      .from(enterprises)
      .where(eq(enterprises.id, hubId)),
    methods.shipping,
    methods.payment,
    db
      .select()
      .from(enterpriseFees)
      .where(and(eq(enterpriseFees.enterpriseId, hubId), isNull(enterpriseFees.archivedAt)))
      .orderBy(asc(enterpriseFees.id)),
  ]);
  return { ...hub[0]!, shipping, payment, fees };
}

export async function hubCustomers(db: Db, hubId: number) {
  const [list, tags, rules] = await db.batch([
    db
      .select({ id: customers.id, email: customers.email, name: customers.name, phone: customers.phone })
      .from(customers)
      .where(eq(customers.hubId, hubId))
      .orderBy(asc(customers.name), asc(customers.email)),
    db
      .select({ customerId: customerTags.customerId, tag: customerTags.tag })
      .from(customerTags)
      .innerJoin(customers, eq(customers.id, customerTags.customerId))
      .where(eq(customers.hubId, hubId))
      .orderBy(asc(customerTags.tag)),
    db
      .select({
        id: tagVariantRules.id,
        tag: tagVariantRules.tag,
        variantId: tagVariantRules.variantId,
        priceCents: tagVariantRules.priceCents,
        productName: products.name,
        variantName: variants.name,
      })
      .from(tagVariantRules)
      .innerJoin(variants, eq(variants.id, tagVariantRules.variantId))
      .innerJoin(products, eq(products.id, variants.productId))
      .where(eq(tagVariantRules.hubId, hubId))
      .orderBy(asc(tagVariantRules.tag), asc(products.name)),
  ]);
  return {
    customers: list.map((c) => ({ ...c, tags: tags.filter((t) => t.customerId === c.id).map((t) => t.tag) })),
    rules,
    ruleVariants: await ruleVariants(db, hubId),
  };
}

/** The variants a tag rule can name: those of the hub's producers (variantSellableBy), by product and variant name. */
function ruleVariants(db: Db, hubId: number) {
  return db.all<{ id: number; productName: string; variantName: string; producerName: string }>(sql`SELECT v.id AS id,
      p.name AS productName, v.name AS variantName, e.name AS producerName
    FROM variants v JOIN products p ON p.id = v.product_id JOIN enterprises e ON e.id = p.producer_id
    JOIN enterprise_relationships r ON r.producer_id = p.producer_id AND r.hub_id = ${hubId}
    WHERE v.archived_at IS NULL AND p.archived_at IS NULL ORDER BY p.name, v.position, v.id`);
}

/** Whether a variant comes from a producer that works with this hub (rules may only name those). */
export async function variantSellableBy(db: Db, hubId: number, variantId: number): Promise<boolean> {
  const rows = await db.all<{ ok: number }>(sql`SELECT 1 AS ok FROM variants v JOIN products p ON p.id = v.product_id
    JOIN enterprise_relationships r ON r.producer_id = p.producer_id AND r.hub_id = ${hubId} WHERE v.id = ${variantId}`);
  return rows.length > 0;
}
