// A hub's tag rules on its collection/delivery and payment methods (domain/tag-rules.ts): the customers
// page's read and the statements of its form. The checkout applies them through members-sql.ts.
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Statement } from '../core/batch.ts';
import type { Db } from '../core/client.ts';
import type { MethodRuleKind, MethodRuleVisibility } from '../../domain/tag-rules.ts';
import { paymentMethods, shippingMethods, tagMethodRules } from '../schema/index.ts';

export interface MethodRule {
  tag: string;
  kind: MethodRuleKind;
  methodId: number;
  visibility: MethodRuleVisibility;
}

/** The hub's method rules with their methods' names, and its active methods a rule may name. */
export async function hubMethodRules(db: Db, hubId: number) {
  const [rules, shipping, payment] = await db.batch([
    db.all<{ id: number; tag: string; kind: MethodRuleKind; methodId: number; methodName: string; visibility: MethodRuleVisibility }>(
      sql`SELECT r.id, r.tag, CASE WHEN r.shipping_method_id IS NULL THEN 'payment' ELSE 'shipping' END AS kind,
        coalesce(r.shipping_method_id, r.payment_method_id) AS methodId, coalesce(s.name, p.name) AS methodName, r.visibility
      FROM tag_method_rules r LEFT JOIN shipping_methods s ON s.id = r.shipping_method_id LEFT JOIN payment_methods p ON p.id = r.payment_method_id
      WHERE r.hub_id = ${hubId} ORDER BY r.tag, kind DESC, methodName`,
    ),
    db
      .select({ id: shippingMethods.id, name: shippingMethods.name })
      .from(shippingMethods)
      .where(and(eq(shippingMethods.hubId, hubId), isNull(shippingMethods.archivedAt)))
      .orderBy(asc(shippingMethods.position), asc(shippingMethods.id)),
    db
      .select({ id: paymentMethods.id, name: paymentMethods.name })
      .from(paymentMethods)
      .where(and(eq(paymentMethods.hubId, hubId), isNull(paymentMethods.archivedAt)))
      .orderBy(asc(paymentMethods.position), asc(paymentMethods.id)),
  ]);
  return { rules, shipping, payment };
}

export async function hubHasMethodRule(db: Db, hubId: number, id: number): Promise<boolean> {
  const rows = await db
    .select({ id: tagMethodRules.id })
    .from(tagMethodRules)
    .where(and(eq(tagMethodRules.id, id), eq(tagMethodRules.hubId, hubId)));
  return rows.length > 0;
}

/**
 * A tag's rule on one method, replacing the one it had (a method is reserved to a tag or hidden from it,
 * not both); the method must be one of the hub's active ones, checked again by the insert itself.
 */
export function saveMethodRuleStatements(db: Db, hubId: number, r: MethodRule): Statement[] {
  const column = sql.raw(r.kind === 'shipping' ? 'shipping_method_id' : 'payment_method_id');
  const table = sql.raw(r.kind === 'shipping' ? 'shipping_methods' : 'payment_methods');
  return [
    db.run(sql`DELETE FROM tag_method_rules WHERE hub_id = ${hubId} AND tag = ${r.tag} AND ${column} = ${r.methodId}`),
    db.run(sql`INSERT INTO tag_method_rules (hub_id, tag, ${column}, visibility)
      SELECT ${hubId}, ${r.tag}, m.id, ${r.visibility} FROM ${table} m WHERE m.id = ${r.methodId} AND m.hub_id = ${hubId} AND m.archived_at IS NULL`),
  ];
}

export function removeMethodRuleStatement(db: Db, hubId: number, id: number): Statement {
  return db.delete(tagMethodRules).where(and(eq(tagMethodRules.id, id), eq(tagMethodRules.hubId, hubId)));
}
