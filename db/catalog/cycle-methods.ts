// Which of its hub's collection/delivery and payment methods each outgoing exchange of a cycle offers:
// what checkout reads for a cart, what the cycle forms show and save, and what a clone copies.
import { and, asc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Statement } from '../core/batch.ts';
import type { Db } from '../core/client.ts';
import { cycleOutgoingPaymentMethods, cycleOutgoingShippingMethods, paymentMethods, shippingMethods } from '../schema/index.ts';

export interface MethodChoice {
  shippingIds: number[];
  paymentIds: number[];
}

/** The exchange's methods that are not archived, in the hub's order (an archived method leaves every checkout at once). */
export function offeredMethodsQueries(db: Db, outgoingId: SQL) {
  return {
    shipping: db
      .select({
        id: shippingMethods.id,
        name: shippingMethods.name,
        kind: shippingMethods.kind,
        description: shippingMethods.description,
        feeCents: shippingMethods.feeCents,
        vatRateBp: shippingMethods.vatRateBp,
        zone: shippingMethods.zone,
        minOrderCents: shippingMethods.minOrderCents,
        freeFromCents: shippingMethods.freeFromCents,
      })
      .from(cycleOutgoingShippingMethods)
      .innerJoin(shippingMethods, eq(shippingMethods.id, cycleOutgoingShippingMethods.methodId))
      .where(and(eq(cycleOutgoingShippingMethods.outgoingId, outgoingId), isNull(shippingMethods.archivedAt)))
      .orderBy(asc(shippingMethods.position), asc(shippingMethods.id)),
    payment: db
      .select({ id: paymentMethods.id, name: paymentMethods.name, kind: paymentMethods.kind, description: paymentMethods.description })
      .from(cycleOutgoingPaymentMethods)
      .innerJoin(paymentMethods, eq(paymentMethods.id, cycleOutgoingPaymentMethods.methodId))
      .where(and(eq(cycleOutgoingPaymentMethods.outgoingId, outgoingId), isNull(paymentMethods.archivedAt)))
      .orderBy(asc(paymentMethods.position), asc(paymentMethods.id)),
  };
}

const outgoingOf = (cycleId: number, hubId: number) =>
  sql`(SELECT id FROM cycle_outgoing WHERE cycle_id = ${cycleId} AND hub_id = ${hubId})`;

/** The ids an exchange offers now (archived ones included: the form shows only active methods, so they drop out when saved). */
export async function outgoingMethodChoice(db: Db, cycleId: number, hubId: number): Promise<MethodChoice> {
  const outgoing = outgoingOf(cycleId, hubId);
  const [shipping, payment] = await db.batch([
    db
      .select({ id: cycleOutgoingShippingMethods.methodId })
      .from(cycleOutgoingShippingMethods)
      .where(eq(cycleOutgoingShippingMethods.outgoingId, outgoing)),
    db
      .select({ id: cycleOutgoingPaymentMethods.methodId })
      .from(cycleOutgoingPaymentMethods)
      .where(eq(cycleOutgoingPaymentMethods.outgoingId, outgoing)),
  ]);
  return { shippingIds: shipping.map((r) => r.id), paymentIds: payment.map((r) => r.id) };
}

/**
 * Exactly these methods for the hub's exchange in the cycle, set-based; an id that is not one of
 * the hub's active methods is left out. Run after the exchange is written, in the same batch.
 */
export function setOutgoingMethodsStatements(db: Db, cycleId: number, hubId: number, choice: MethodChoice): Statement[] {
  const outgoing = outgoingOf(cycleId, hubId);
  const chosen = (table: 'shipping_methods' | 'payment_methods', ids: readonly number[]) =>
    sql`SELECT ${outgoing}, m.id FROM json_each(${JSON.stringify([...new Set(ids)])}) j
      JOIN ${sql.raw(table)} m ON m.id = j.value AND m.hub_id = ${hubId} AND m.archived_at IS NULL`;
  return [
    db.run(sql`DELETE FROM cycle_outgoing_shipping_methods WHERE outgoing_id = ${outgoing}`),
    db.run(sql`INSERT INTO cycle_outgoing_shipping_methods (outgoing_id, method_id) ${chosen('shipping_methods', choice.shippingIds)}`),
    db.run(sql`DELETE FROM cycle_outgoing_payment_methods WHERE outgoing_id = ${outgoing}`),
    db.run(sql`INSERT INTO cycle_outgoing_payment_methods (outgoing_id, method_id) ${chosen('payment_methods', choice.paymentIds)}`),
  ];
}

/** A clone offers what its source offered (active methods only), instead of the new exchange's default of all. */
export function cloneOutgoingMethodsStatements(db: Db, fromCycleId: number, toCycleId: number): Statement[] {
  const copy = (
    join: 'cycle_outgoing_shipping_methods' | 'cycle_outgoing_payment_methods',
    methods: 'shipping_methods' | 'payment_methods',
  ) => [
    db.run(sql`DELETE FROM ${sql.raw(join)} WHERE outgoing_id IN (SELECT id FROM cycle_outgoing WHERE cycle_id = ${toCycleId})`),
    db.run(sql`INSERT INTO ${sql.raw(join)} (outgoing_id, method_id)
      SELECT no.id, j.method_id FROM ${sql.raw(join)} j
      JOIN cycle_outgoing oo ON oo.id = j.outgoing_id AND oo.cycle_id = ${fromCycleId}
      JOIN cycle_outgoing no ON no.cycle_id = ${toCycleId} AND no.hub_id = oo.hub_id
      JOIN ${sql.raw(methods)} m ON m.id = j.method_id AND m.archived_at IS NULL`),
  ];
  return [...copy('cycle_outgoing_shipping_methods', 'shipping_methods'), ...copy('cycle_outgoing_payment_methods', 'payment_methods')];
}

export interface ShopDeliveryTerms {
  hubMinOrderCents: number;
  /** The delivery methods offered in the hub's cycles that have not closed, active ones only. */
  delivery: Array<{ minOrderCents: number; freeFromCents: number | null }>;
}

/** What each shop page says of minimums and free delivery, for every hub in one query (a build never queries per page). */
export async function shopDeliveryTerms(db: Db, now: number): Promise<Map<number, ShopDeliveryTerms>> {
  const rows = await db.all<{ hubId: number; hubMin: number; methodMin: number | null; freeFrom: number | null }>(sql`
    SELECT e.id AS hubId, e.min_order_cents AS hubMin, m.min_order_cents AS methodMin, m.free_from_cents AS freeFrom
    FROM enterprises e
    LEFT JOIN shipping_methods m ON m.hub_id = e.id AND m.kind = 'delivery' AND m.archived_at IS NULL
      AND m.id IN (SELECT j.method_id FROM cycle_outgoing_shipping_methods j JOIN cycle_outgoing co ON co.id = j.outgoing_id
        JOIN order_cycles c ON c.id = co.cycle_id WHERE co.hub_id = e.id AND c.closes_at > ${now})
    WHERE e.is_hub = 1`);
  const byHub = new Map<number, ShopDeliveryTerms>();
  for (const r of rows) {
    const terms = byHub.get(r.hubId) ?? { hubMinOrderCents: r.hubMin, delivery: [] };
    if (r.methodMin !== null) terms.delivery.push({ minOrderCents: r.methodMin, freeFromCents: r.freeFrom });
    byHub.set(r.hubId, terms);
  }
  return byHub;
}
