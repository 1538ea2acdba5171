// A shopper's own changes in the database: what deciding on one needs (the order, its sale's close, the
// hub's setting, a paid change under way), and the change held while its difference is paid by card.
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Statement } from '../core/batch.ts';
import type { Db } from '../core/client.ts';
import { shopItems } from '../catalog/shop.ts';
import { cycleOutgoing, enterprises, orderChanges, orderCycles, orders } from '../schema/index.ts';

export async function ownOrderFacts(db: Db, publicId: string) {
  const [rows, pending] = await db.batch([
    db
      .select({
        id: orders.id,
        publicId: orders.publicId,
        hubId: orders.hubId,
        cycleId: orders.cycleId,
        outgoingId: cycleOutgoing.id,
        state: orders.state,
        paymentState: orders.paymentState,
        paymentKind: orders.paymentKind,
        totalCents: orders.totalCents,
        updatedAt: orders.updatedAt,
        email: orders.email,
        locale: orders.locale,
        closesAt: orderCycles.closesAt,
        allowed: enterprises.shoppersChangeOrders,
        stripeAccountId: enterprises.stripeAccountId,
      })
      .from(orders)
      .innerJoin(orderCycles, eq(orderCycles.id, orders.cycleId))
      .innerJoin(enterprises, eq(enterprises.id, orders.hubId))
      .leftJoin(cycleOutgoing, and(eq(cycleOutgoing.cycleId, orders.cycleId), eq(cycleOutgoing.hubId, orders.hubId)))
      .where(eq(orders.publicId, publicId)),
    db
      .select({ createdAt: orderChanges.createdAt, checkoutUrl: orderChanges.checkoutUrl, amountCents: orderChanges.amountCents })
      .from(orderChanges)
      .where(and(eq(orderChanges.orderId, sql`(SELECT id FROM orders WHERE public_id = ${publicId})`), eq(orderChanges.state, 'pending')))
      .orderBy(desc(orderChanges.id))
      .limit(1),
  ]);
  const o = rows[0];
  return o ? { ...o, pending: pending[0] ?? null } : null;
}

export type OwnOrder = NonNullable<Awaited<ReturnType<typeof ownOrderFacts>>>;

/** What the shopper may add: the public shop of the order's sale (no members' product), in stock, at today's shelf price. */
export async function ownChoices(db: Db, o: Pick<OwnOrder, 'hubId' | 'cycleId' | 'outgoingId'>) {
  if (o.outgoingId === null) return [];
  const items = await shopItems(db, { hubId: o.hubId, cycleId: o.cycleId, outgoingId: o.outgoingId });
  return items
    .filter((i) => i.onDemand || i.onHand > 0)
    .map((i) => ({
      variantId: i.variantId,
      label: `${i.productName} — ${i.variantName} (${i.producerName})`,
      priceCents: i.price.priceCents,
    }));
}

export async function insertOrderChange(
  db: Db,
  c: { publicId: string; orderId: number; changes: unknown; orderVersion: number; amountCents: number; now: number },
) {
  await db.insert(orderChanges).values({
    publicId: c.publicId,
    orderId: c.orderId,
    changes: c.changes,
    orderVersion: c.orderVersion,
    amountCents: c.amountCents,
    createdAt: c.now,
  });
}

export async function recordChangeSession(db: Db, publicId: string, sessionId: string, url: string | null) {
  await db
    .update(orderChanges)
    .set({ stripeSessionId: sessionId, checkoutUrl: url })
    .where(and(eq(orderChanges.publicId, publicId), eq(orderChanges.state, 'pending')));
}

export async function orderChangeByPublicId(db: Db, publicId: string) {
  const rows = await db
    .select({
      id: orderChanges.id,
      publicId: orderChanges.publicId,
      state: orderChanges.state,
      changes: orderChanges.changes,
      orderVersion: orderChanges.orderVersion,
      amountCents: orderChanges.amountCents,
      orderId: orders.id,
      orderPublicId: orders.publicId,
      hubId: orders.hubId,
      stripeAccountId: enterprises.stripeAccountId,
    })
    .from(orderChanges)
    .innerJoin(orders, eq(orders.id, orderChanges.orderId))
    .innerJoin(enterprises, eq(enterprises.id, orders.hubId))
    .where(eq(orderChanges.publicId, publicId));
  return rows[0] ?? null;
}

/**
 * The paid change applied, inside the correction's batch and under its guard: the change marked
 * applied (only from pending) and the second card payment recorded as the order's, so a later
 * cancellation refunds it too.
 */
export function changePaidStatements(
  db: Db,
  p: { changeId: number; orderId: number; sessionId: string; intent: string | null; amountCents: number; now: number; guard: SQL },
): Statement[] {
  return [
    db.run(sql`INSERT INTO payments (order_id, kind, state, amount_cents, stripe_session_id, stripe_payment_intent_id, created_at, updated_at)
      SELECT ${p.orderId}, 'card', 'paid', ${p.amountCents}, ${p.sessionId}, ${p.intent}, ${p.now}, ${p.now}
      WHERE ${p.guard} AND EXISTS (SELECT 1 FROM order_changes WHERE id = ${p.changeId} AND state = 'pending')`),
    db.run(
      sql`UPDATE order_changes SET state = 'applied', settled_at = ${p.now} WHERE id = ${p.changeId} AND state = 'pending' AND ${p.guard}`,
    ),
  ];
}

/** A change that will not apply: its page expired (dropped), or it was paid but could not apply (refunded). */
export function changeEndedStatement(db: Db, changeId: number, state: 'dropped' | 'refunded', now: number): Statement {
  return db.run(sql`UPDATE order_changes SET state = ${state}, settled_at = ${now} WHERE id = ${changeId} AND state = 'pending'`);
}
