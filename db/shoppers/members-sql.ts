// Members in SQL: what a shopper's tags at a hub open to them (tag-only variants at the members' price,
// members-only sales). `email` is the signed-in shopper's address, or null for a guest, who then sees
// exactly the public offer and the methods no rule reserves. Every public and member path builds its
// condition from these, so the pages, the cart, the quote and the placement agree.
import { sql, type SQL } from 'drizzle-orm';
import type { MethodRuleKind, MethodRuleVisibility } from '../../domain/tag-rules.ts';
import type { Db } from '../core/client.ts';

type Value = number | string | SQL | null;

/** The tags `email` holds at `hubId` (its customer record there), as a subquery. */
export const heldTagsSql = (hubId: Value, email: Value) =>
  sql`SELECT ct.tag FROM customer_tags ct JOIN customers cu ON cu.id = ct.customer_id WHERE cu.hub_id = ${hubId} AND cu.email = ${email}`;

/** A variant the shopper may see and buy at this hub: no tag rule, or a rule for a tag they hold. */
export const visibleVariantSql = (variantId: SQL, hubId: Value, email: Value) =>
  sql`(${variantId} NOT IN (SELECT r.variant_id FROM tag_variant_rules r WHERE r.hub_id = ${hubId})
    OR ${variantId} IN (SELECT r.variant_id FROM tag_variant_rules r WHERE r.hub_id = ${hubId} AND r.tag IN (${heldTagsSql(hubId, email)})))`;

/** The members' price of a variant for this shopper (the lowest of their tags' prices), or NULL. */
export const memberPriceSql = (variantId: SQL, hubId: Value, email: Value) =>
  sql<number | null>`(SELECT min(r.price_cents) FROM tag_variant_rules r WHERE r.hub_id = ${hubId} AND r.variant_id = ${variantId}
    AND r.price_cents IS NOT NULL AND r.tag IN (${heldTagsSql(hubId, email)}))`;

/** A sale the shopper may shop: public, or reserved to a tag they hold. */
export const saleOpenToSql = (requiredTag: SQL, hubId: Value, email: Value) =>
  sql`(${requiredTag} IS NULL OR ${requiredTag} IN (${heldTagsSql(hubId, email)}))`;

/**
 * A collection/delivery or payment method offered to the shopper at this hub (domain/tag-rules.ts
 * methodOfferedTo): no 'only' rule on it or one for a tag they hold, and no 'hidden' rule for a tag they hold.
 */
export const visibleMethodSql = (kind: MethodRuleKind, methodId: Value, hubId: Value, email: Value) => {
  const column = sql.raw(kind === 'shipping' ? 'r.shipping_method_id' : 'r.payment_method_id');
  const rules = (visibility: MethodRuleVisibility) =>
    sql`SELECT 1 FROM tag_method_rules r WHERE r.hub_id = ${hubId} AND ${column} = ${methodId} AND r.visibility = ${visibility}`;
  const held = sql`r.tag IN (${heldTagsSql(hubId, email)})`;
  return sql`((NOT EXISTS (${rules('only')}) OR EXISTS (${rules('only')} AND ${held})) AND NOT EXISTS (${rules('hidden')} AND ${held}))`;
};

/** The tags a shopper holds at a hub (none for a guest). */
export async function shopperTags(db: Db, hubId: number, email: string | null): Promise<string[]> {
  if (email === null) return [];
  const rows = await db.all<{ tag: string }>(heldTagsSql(hubId, email));
  return rows.map((r) => r.tag);
}
