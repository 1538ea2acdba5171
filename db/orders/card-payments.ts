// Card payments in the database: what a provider's event changes (each one batch, guarded by the order's
// state and recorded by event id so a replay changes nothing), the attempt's session, and the sweep's reads.
import { and, asc, eq, lte, sql, type SQL } from 'drizzle-orm';
import { auditStatement } from '../core/audit.ts';
import { asBatch, isConstraintError, type Statement, type Statements } from '../core/batch.ts';
import type { Db } from '../core/client.ts';
import { orderMessageStatements } from '../messaging/outbox.ts';
import { carts, enterprises, orders, payments } from '../schema/index.ts';
import { from, placedEffects, returnStockStatements } from './placement.ts';

export interface ProviderEvent {
  id: string;
  provider: 'stripe';
  type: string;
}

/** Recording the event first: a replay hits the primary key and rolls the whole batch back. */
function eventStatements(db: Db, event: ProviderEvent | undefined, now: number): Statement[] {
  return event
    ? [
        db.run(
          sql`INSERT INTO webhook_events (id, provider, type, received_at) VALUES (${event.id}, ${event.provider}, ${event.type}, ${now})`,
        ),
      ]
    : [];
}

export interface CardPaymentSucceeded {
  publicId: string;
  sessionId: string;
  paymentIntentId: string | null;
  amountCents: number;
  event?: ProviderEvent | undefined;
  siteUrl: string;
  now: number;
  year: number;
}

/**
 * A card payment succeeded: the order is placed and paid, numbered and announced, in one transaction.
 * Every statement is guarded by the order's state before the last one changes it, so replaying the
 * batch (the same event again, another event for the same payment, the sweep) changes nothing.
 * A payment arriving for an attempt already cancelled is never lost: it is recorded on the order,
 * and the hub and the shopper are told, for the hub to honour or refund it.
 */
export function cardPaymentSucceededStatements(db: Db, p: CardPaymentSucceeded): { statements: Statements; lateFlip: number } {
  const order = sql`(SELECT id FROM orders WHERE public_id = ${p.publicId})`;
  const checkout = from('checkout', 'placed');
  const late = sql`o.public_id = ${p.publicId} AND o.state = 'cancelled' AND o.payment_state <> 'paid'`;
  const paymentSet = sql`state = 'paid', stripe_session_id = coalesce(stripe_session_id, ${p.sessionId}), stripe_payment_intent_id = ${p.paymentIntentId}, amount_cents = ${p.amountCents}, updated_at = ${p.now}`;
  const audit = (action: string, where: SQL) =>
    auditStatement(db, {
      userId: null,
      enterpriseId: sql`o.hub_id`,
      action,
      subject: sql`'order:' || o.public_id`,
      details: sql`json_object('session', ${p.sessionId}, 'paymentIntent', ${p.paymentIntentId}, 'amountCents', ${p.amountCents}, 'event', ${p.event?.id ?? null})`,
      at: p.now,
      from: sql`orders o`,
      onlyIf: where,
    });
  const lateCase = [
    // Paid after the attempt was cancelled (its stock already released).
    db.run(
      sql`UPDATE payments SET ${paymentSet} WHERE order_id = ${order} AND kind = 'card' AND state <> 'paid' AND EXISTS (SELECT 1 FROM orders o WHERE ${late})`,
    ),
    ...orderMessageStatements(db, { where: late, topics: ['payment.late.hub', 'payment.late.shopper'], now: p.now, siteUrl: p.siteUrl }),
    audit('order.paid_after_cancel', late),
    db.run(sql`UPDATE orders SET payment_state = 'paid', updated_at = ${p.now} WHERE id = (SELECT o.id FROM orders o WHERE ${late})`),
  ];
  const events = eventStatements(db, p.event, p.now);
  const statements = asBatch([
    ...events,
    ...lateCase,
    // The normal case: the attempt is still open.
    db.run(
      sql`UPDATE payments SET ${paymentSet} WHERE order_id = ${order} AND kind = 'card' AND EXISTS (SELECT 1 FROM orders WHERE public_id = ${p.publicId} AND state = ${checkout})`,
    ),
    ...placedEffects(db, { publicId: p.publicId, inState: checkout, now: p.now, year: p.year, siteUrl: p.siteUrl }),
    audit('order.paid', sql`o.public_id = ${p.publicId} AND o.state = ${checkout}`),
    db.run(sql`UPDATE orders SET state = 'placed', payment_state = 'paid', placed_at = ${p.now}, reserved_until = NULL, updated_at = ${p.now}
      WHERE public_id = ${p.publicId} AND state = ${checkout}`),
  ]);
  // The position of the late case's last statement, to tell afterwards which case applied.
  return { statements, lateFlip: events.length + lateCase.length - 1 };
}

/**
 * A card payment attempt ended without payment (session expired, cancelled by the shopper, or
 * Stripe could not open it): the stock goes back, the cart reopens, the attempt is cancelled.
 * `onlyWithoutSession`: only if no payment page is recorded for it, for an attempt whose page nobody
 * was given; a page recorded meanwhile (by the request that opened it) wins, and nothing changes.
 */
export function cardAttemptEndedStatements(
  db: Db,
  p: { publicId: string; reason: string; event?: ProviderEvent | undefined; now: number; onlyWithoutSession?: boolean },
): Statements {
  const checkout = from('checkout', 'cancelled');
  const noSession = p.onlyWithoutSession
    ? sql` AND NOT EXISTS (SELECT 1 FROM payments pp WHERE pp.order_id = oo.id AND pp.kind = 'card' AND pp.stripe_session_id IS NOT NULL)`
    : sql``;
  // The attempt, while this batch is the one ending it (NULL otherwise): every statement is guarded by it.
  const ending = sql`(SELECT oo.id FROM orders oo WHERE oo.public_id = ${p.publicId} AND oo.state = ${checkout}${noSession})`;
  return asBatch([
    ...eventStatements(db, p.event, p.now),
    ...returnStockStatements(db, ending),
    db.run(
      sql`UPDATE payments SET state = 'failed', updated_at = ${p.now} WHERE order_id = ${ending} AND kind = 'card' AND state = 'pending'`,
    ),
    db.run(sql`UPDATE carts SET ordered_at = NULL, updated_at = ${p.now} WHERE id = (SELECT cart_id FROM orders WHERE id = ${ending})`),
    auditStatement(db, {
      userId: null,
      enterpriseId: sql`hub_id`,
      action: 'order.payment_attempt_ended',
      subject: sql`'order:' || public_id`,
      details: sql`json_object('reason', ${p.reason}, 'event', ${p.event?.id ?? null})`,
      at: p.now,
      from: sql`orders`,
      onlyIf: sql`id = ${ending}`,
    }),
    db.run(
      sql`UPDATE orders SET state = 'cancelled', payment_state = 'failed', reserved_until = NULL, updated_at = ${p.now} WHERE id = ${ending}`,
    ),
  ]);
}

/** How often the sweep asks Stripe again about a payment still processing, in case its webhook is lost. */
const PROCESSING_RECHECK_MS = 24 * 60 * 60_000;

/**
 * The session completed but its payment is still processing: keep the stock until Stripe says how it
 * ended. The reservation moves a day ahead rather than being dropped, so the sweep asks Stripe again
 * and a success whose webhook never came still places the order.
 */
export function cardPaymentProcessingStatements(
  db: Db,
  p: { publicId: string; sessionId: string; event?: ProviderEvent | undefined; now: number },
): Statements {
  return asBatch([
    ...eventStatements(db, p.event, p.now),
    db.run(
      sql`UPDATE payments SET stripe_session_id = coalesce(stripe_session_id, ${p.sessionId}), updated_at = ${p.now} WHERE order_id = (SELECT id FROM orders WHERE public_id = ${p.publicId}) AND kind = 'card'`,
    ),
    db.run(
      sql`UPDATE orders SET reserved_until = ${p.now + PROCESSING_RECHECK_MS}, updated_at = ${p.now} WHERE public_id = ${p.publicId} AND state = 'checkout'`,
    ),
  ]);
}

/** An event that needs no change still counts as seen, so its replays are answered as duplicates. */
/** The webhook event's row was already there: this delivery of the event is a replay (its primary key refused it). */
export function isDuplicateEvent(err: unknown): boolean {
  if (!isConstraintError(err)) return false;
  for (let e = err as { message?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.message === 'string' && e.message.includes('webhook_events.id')) return true;
  }
  return false;
}

export function recordEventStatements(db: Db, event: ProviderEvent, now: number): Statements {
  return asBatch(eventStatements(db, event, now));
}

/**
 * Remembers the Stripe session of an attempt and its payment page, to resume or expire it later; only
 * while the attempt stands. False when it ended meanwhile (a retry replaced it, the shopper gave up):
 * then its page must not be handed out.
 */
export async function recordCheckoutSession(
  db: Db,
  publicId: string,
  sessionId: string,
  url: string | null,
  now: number,
): Promise<boolean> {
  const result = await db.run(sql`UPDATE payments SET stripe_session_id = ${sessionId}, checkout_url = ${url}, updated_at = ${now}
    WHERE order_id = (SELECT id FROM orders WHERE public_id = ${publicId} AND state = 'checkout') AND kind = 'card' AND stripe_session_id IS NULL`);
  return result.rowsAffected > 0;
}

/** What a payment event or the sweep needs to know of an order before acting on it. */
export async function orderForPayment(db: Db, publicId: string) {
  const rows = await db
    .select({
      publicId: orders.publicId,
      state: orders.state,
      paymentState: orders.paymentState,
      paymentKind: orders.paymentKind,
      locale: orders.locale,
      totalCents: orders.totalCents,
      reservedUntil: orders.reservedUntil,
      cartPublicId: carts.publicId,
      hubSlug: enterprises.slug,
      stripeAccountId: enterprises.stripeAccountId,
      sessionId: payments.stripeSessionId,
    })
    .from(orders)
    .innerJoin(enterprises, eq(enterprises.id, orders.hubId))
    .leftJoin(carts, eq(carts.id, orders.cartId))
    .leftJoin(payments, and(eq(payments.orderId, orders.id), eq(payments.kind, 'card')))
    .where(eq(orders.publicId, publicId));
  return rows[0] ?? null;
}

export type PaymentOrder = NonNullable<Awaited<ReturnType<typeof orderForPayment>>>;

/** Card attempts whose reservation has ended, oldest first. */
export async function expiredReservations(db: Db, now: number, limit: number) {
  return db
    .select({
      publicId: orders.publicId,
      sessionId: payments.stripeSessionId,
      stripeAccountId: enterprises.stripeAccountId,
      reservedUntil: orders.reservedUntil,
    })
    .from(orders)
    .innerJoin(enterprises, eq(enterprises.id, orders.hubId))
    .leftJoin(payments, and(eq(payments.orderId, orders.id), eq(payments.kind, 'card')))
    .where(and(eq(orders.state, 'checkout'), lte(orders.reservedUntil, now)))
    .orderBy(asc(orders.reservedUntil))
    .limit(limit);
}
