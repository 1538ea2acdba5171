// Orders as hubs and producers see them in the back office: a hub's cycles and their orders with
// filters, one order of the hub, what was ordered from a producer, and the statements that cancel.
import { and, asc, desc, eq, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import { canMoveOrder, ORDER_STATES, type OrderState, type PaymentState, type ShippingKind } from '../../domain/orders.ts';
import { auditStatement } from '../core/audit.ts';
import { batchOf, type Statements } from '../core/batch.ts';
import { readableInt } from '../core/columns.ts';
import type { Db } from '../core/client.ts';
import { enterprises, moneyBack, orderCycles, orders, payments } from '../schema/index.ts';
import { enterpriseLocaleSql } from '../messaging/outbox.ts';
import { issueCreditNoteStatements } from './invoices.ts';
import { returnStockStatements } from './placement.ts';
import { saleStateSql } from './sql.ts';

/** The cycle if the hub sells in it or coordinates it; null otherwise (to others it does not exist). */
export async function hubCycle(db: Db, hubId: number, cycleId: number) {
  const rows = await db
    .select({
      id: orderCycles.id,
      name: orderCycles.name,
      opensAt: readableInt(orderCycles.opensAt),
      closesAt: readableInt(orderCycles.closesAt),
      coordinatorId: orderCycles.coordinatorId,
    })
    .from(orderCycles)
    .where(
      and(
        eq(orderCycles.id, cycleId),
        or(
          eq(orderCycles.coordinatorId, hubId),
          sql`EXISTS (SELECT 1 FROM cycle_outgoing co WHERE co.cycle_id = ${cycleId} AND co.hub_id = ${hubId})`,
        ),
      ),
    );
  return rows[0] ?? null;
}

export interface OrderFilters {
  state?: OrderState | undefined;
  paymentState?: PaymentState | undefined;
  /** Matches the shopper's name, e-mail or the order reference. */
  q?: string | undefined;
}

/** An order whose shopper's name or e-mail contains `q`, or whose reference (« C-AB12CD ») starts with it. */
export function orderSearchSql(q: string): SQL {
  const pattern = `%${q.replaceAll('\\', '\\\\').replaceAll('%', '\\%').replaceAll('_', '\\_')}%`;
  return or(
    sql`${orders.name} LIKE ${pattern} ESCAPE '\\'`,
    sql`${orders.email} LIKE ${pattern} ESCAPE '\\'`,
    like(orders.publicId, `ord_${q.replace(/^C-/i, '')}%`),
  )!;
}

export async function cycleOrders(db: Db, hubId: number, cycleId: number, f: OrderFilters = {}) {
  const conditions: SQL[] = [eq(orders.hubId, hubId), eq(orders.cycleId, cycleId), sql`${orders.state} <> 'checkout'`];
  if (f.state) conditions.push(eq(orders.state, f.state));
  if (f.paymentState) conditions.push(eq(orders.paymentState, f.paymentState));
  if (f.q) conditions.push(orderSearchSql(f.q));
  return db
    .select({
      publicId: orders.publicId,
      name: orders.name,
      email: orders.email,
      phone: orders.phone,
      state: orders.state,
      paymentState: orders.paymentState,
      paymentKind: orders.paymentKind,
      paymentName: orders.paymentName,
      shippingName: orders.shippingName,
      shippingKind: orders.shippingKind,
      totalCents: orders.totalCents,
      placedAt: orders.placedAt,
    })
    .from(orders)
    .where(and(...conditions))
    .orderBy(asc(orders.name), asc(orders.id));
}

/** How each of these orders of the cycle is handed over (the orders list's orders only: no card attempt), for a bulk action. */
export async function cycleOrderShipping(db: Db, hubId: number, cycleId: number, publicIds: readonly string[]) {
  if (publicIds.length === 0) return new Map<string, ShippingKind>();
  const rows = await db
    .select({ publicId: orders.publicId, shippingKind: orders.shippingKind })
    .from(orders)
    .where(
      and(
        eq(orders.hubId, hubId),
        eq(orders.cycleId, cycleId),
        sql`${orders.state} <> 'checkout'`,
        inArray(orders.publicId, [...publicIds]),
      ),
    );
  return new Map(rows.map((r) => [r.publicId, r.shippingKind]));
}

/** The facts a cancellation needs: the order of this hub, its lines, and a card payment's intent. */
export async function orderForCancel(db: Db, hubId: number, publicId: string) {
  const [rows, pay, back] = await db.batch([
    db
      .select({
        id: orders.id,
        hubId: orders.hubId,
        state: orders.state,
        paymentState: orders.paymentState,
        paymentKind: orders.paymentKind,
        shippingKind: orders.shippingKind,
        totalCents: orders.totalCents,
        publicId: orders.publicId,
        stripeAccountId: enterprises.stripeAccountId,
      })
      .from(orders)
      .innerJoin(enterprises, eq(enterprises.id, orders.hubId))
      .where(and(eq(orders.publicId, publicId), eq(orders.hubId, hubId))),
    db
      .select({
        id: payments.id,
        state: payments.state,
        intent: payments.stripePaymentIntentId,
        amountCents: payments.amountCents,
        createdAt: payments.createdAt,
      })
      .from(payments)
      .where(eq(payments.orderId, sql`(SELECT id FROM orders WHERE public_id = ${publicId})`))
      .orderBy(desc(payments.id)),
    // Card money already given back by corrections: a payment refunded whole has nothing left to refund.
    db
      .select({ id: moneyBack.id, state: moneyBack.state, amountCents: moneyBack.amountCents, createdAt: moneyBack.createdAt })
      .from(moneyBack)
      .where(and(eq(moneyBack.orderId, sql`(SELECT id FROM orders WHERE public_id = ${publicId})`), eq(moneyBack.kind, 'card'))),
  ]);
  const order = rows[0];
  // A card order changed upwards by its shopper was paid twice (the order, then the difference): a cancellation refunds each.
  return order ? { ...order, payment: pay[0] ?? null, payments: pay, cardMoneyBack: back } : null;
}

/** The audit subject of the order the entry is written from (`orders`, unaliased). */
const orderSubject = sql`'order:' || public_id`;

/** States a hub may cancel from (a card payment under way ends by itself instead). */
const CANCELLABLE = ORDER_STATES.filter((st) => st !== 'checkout' && canMoveOrder(st, 'cancelled'));

/**
 * Cancels an order and gives its stock back where each line took it; an invoiced order gets its
 * credit note for everything it charges now (read inside the batch, so a correction that just
 * landed is credited too), the money going back is recorded, and the shopper gets a message. Every
 * statement is guarded by the order still being cancellable with the payment state read, and the
 * order row changes last: a second cancel (a double submit, another manager) finds nothing to do and
 * returns nothing twice. The state itself may have moved within the cancellable ones (placed → ready).
 */
export function cancelOrderStatements(
  db: Db,
  o: {
    id: number;
    hubId: number;
    paymentFrom: PaymentState;
    paymentTo: PaymentState;
    userId: number | null;
    details: Record<string, unknown>;
    now: number;
    /** Invoice year of `now` (Europe/Paris), for the credit note's number. */
    year: number;
    reason: string | null;
    /** Money going back: refunded by card (with Stripe's refund id, one per payment) or owed in cash by the hub. */
    moneyBack: MoneyBackRow | readonly MoneyBackRow[] | null;
    siteUrl: string;
    /** Who cancels: the hub (default) or the shopper, whose cancellation is announced to the hub. */
    by?: 'hub' | 'shopper';
  },
): Statements {
  const still = sql`state IN (${sql.join(
    CANCELLABLE.map((st) => sql`${st}`),
    sql`, `,
  )}) AND payment_state = ${o.paymentFrom}`;
  const stillSql = sql`EXISTS (SELECT 1 FROM orders WHERE id = ${o.id} AND ${still})`;
  const backs = o.moneyBack === null ? [] : Array.isArray(o.moneyBack) ? o.moneyBack : [o.moneyBack as MoneyBackRow];
  const by = o.by ?? 'hub';
  return batchOf(
    issueCreditNoteStatements(db, {
      orderId: o.id,
      enterpriseId: o.hubId,
      year: o.year,
      now: o.now,
      guard: stillSql,
      cause: 'cancelled',
      reason: o.reason,
      rows: null,
      totals: null,
    }),
    backs
      .filter((back) => back.amountCents > 0)
      .map((back) =>
        db.run(sql`INSERT INTO money_back (order_id, kind, state, amount_cents, stripe_refund_id, created_at)
            SELECT ${o.id}, ${back.kind}, ${back.state}, ${back.amountCents}, ${back.refundId}, ${o.now} WHERE ${stillSql}
            ON CONFLICT (stripe_refund_id) DO NOTHING`),
      ),
    db.run(sql`INSERT INTO outbox (topic, recipient, locale, payload, attempts, next_attempt_at, created_at)
      SELECT 'order.cancelled.shopper', email, locale, json_object('orderPublicId', public_id, 'siteUrl', ${o.siteUrl}, 'reason', ${o.reason}, 'by', ${by}), 0, ${o.now}, ${o.now}
      FROM orders WHERE id = ${o.id} AND ${still}`),
    by === 'shopper'
      ? [
          db.run(sql`INSERT INTO outbox (topic, recipient, locale, payload, attempts, next_attempt_at, created_at)
            SELECT 'order.cancelled.hub', e.email, ${enterpriseLocaleSql(sql`e.id`)}, json_object('orderPublicId', o.public_id, 'siteUrl', ${o.siteUrl}), 0, ${o.now}, ${o.now}
            FROM orders o JOIN enterprises e ON e.id = o.hub_id WHERE o.id = ${o.id} AND o.${sql.raw('state')} IN (${sql.join(
              CANCELLABLE.map((st) => sql`${st}`),
              sql`, `,
            )}) AND o.payment_state = ${o.paymentFrom} AND e.email IS NOT NULL`),
        ]
      : [],
    returnStockStatements(db, sql`(SELECT id FROM orders WHERE id = ${o.id} AND ${still})`),
    db.run(
      sql`UPDATE payments SET state = ${o.paymentTo}, updated_at = ${o.now} WHERE order_id = ${o.id} AND state = ${o.paymentFrom} AND EXISTS (SELECT 1 FROM orders WHERE id = ${o.id} AND ${still})`,
    ),
    auditStatement(db, {
      userId: o.userId,
      enterpriseId: o.hubId,
      action: 'order.cancelled',
      subject: orderSubject,
      details: o.details,
      at: o.now,
      from: sql`orders`,
      onlyIf: sql`id = ${o.id} AND ${still}`,
    }),
    db.run(
      sql`UPDATE orders SET state = 'cancelled', payment_state = ${o.paymentTo}, reserved_until = NULL, cancelled_by = ${by}, cancel_reason = ${o.reason},
        updated_at = max(${o.now}, updated_at + 1) WHERE id = ${o.id} AND ${still}`,
    ),
  );
}

export interface MoneyBackRow {
  kind: 'card' | 'offline';
  state: 'refunded' | 'owed';
  amountCents: number;
  refundId: string | null;
}

/** Moves an order along its life (placed → ready → collected/delivered), guarded by the state read, with the audit entry. */
export function moveOrderStatements(
  db: Db,
  o: { id: number; hubId: number; from: OrderState; to: OrderState; userId: number | null; details: Record<string, unknown>; now: number },
): Statements {
  // The audit entry first, while the state still reads `from`: a concurrent move finds neither to do.
  return [
    auditStatement(db, {
      userId: o.userId,
      enterpriseId: o.hubId,
      action: `order.${o.to}`,
      subject: orderSubject,
      details: o.details,
      at: o.now,
      from: sql`orders`,
      onlyIf: sql`id = ${o.id} AND state = ${o.from}`,
    }),
    db.run(sql`UPDATE orders SET state = ${o.to}, updated_at = ${o.now} WHERE id = ${o.id} AND state = ${o.from}`),
  ];
}

/** Who did what to an order, newest last. */
export async function orderHistory(db: Db, publicId: string) {
  return db.all<{ action: string; at: number; email: string | null; details: string | null }>(
    sql`SELECT a.action, a.at, u.email, a.details FROM audit_log a LEFT JOIN users u ON u.id = a.user_id WHERE a.subject = ${`order:${publicId}`} ORDER BY a.id`,
  );
}

/** Cycles in which a producer's products were sold, or that it brings products to, newest first. */
export async function producerCycles(db: Db, producerId: number) {
  return db.all<{
    id: number;
    name: string;
    opensAt: number;
    closesAt: number;
  }>(sql`SELECT oc.id, oc.name, ${readableInt(sql.raw('oc.opens_at'))} AS opensAt, ${readableInt(sql.raw('oc.closes_at'))} AS closesAt FROM order_cycles oc
    WHERE EXISTS (SELECT 1 FROM orders o JOIN order_lines ol ON ol.order_id = o.id WHERE o.cycle_id = oc.id AND ol.producer_id = ${producerId} AND ${saleStateSql('o')})
       OR EXISTS (SELECT 1 FROM cycle_incoming ci WHERE ci.cycle_id = oc.id AND ci.producer_id = ${producerId})
    ORDER BY oc.opens_at DESC`);
}

/** What was sold of a producer's products in a cycle, per hub and variant: only its own products' lines. */
export async function producerSales(db: Db, producerId: number, cycleId: number) {
  return db.all<{
    hubName: string;
    productName: string;
    variantName: string;
    quantity: number;
    baseCents: number;
    orders: number;
  }>(sql`SELECT h.name AS hubName, ol.product_name AS productName, ol.variant_name AS variantName,
      sum(ol.quantity) AS quantity, sum(ol.base_price_cents * ol.quantity) AS baseCents, count(DISTINCT o.id) AS orders
    FROM order_lines ol JOIN orders o ON o.id = ol.order_id JOIN enterprises h ON h.id = o.hub_id
    WHERE ol.producer_id = ${producerId} AND o.cycle_id = ${cycleId} AND ${saleStateSql('o')}
    GROUP BY o.hub_id, ol.variant_id ORDER BY h.name, ol.product_name, ol.variant_name`);
}
