// Orders in the database: the batches that place an order, complete or cancel a card payment attempt
// (each one transaction, guarded by the order's state so a replay changes nothing), and reading back.
import { and, asc, eq, isNull, lte, ne, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { OrderTotals } from '../domain/pricing.ts';
import { canMoveOrder, type OrderState, type PaymentKind, type PaymentState, type ShippingKind, type StockSource } from '../domain/orders.ts';
import type { Locale } from '../domain/money.ts';
import type { ShopItem } from './catalog.ts';
import type { Db } from './client.ts';
import { issueInvoiceStatements } from './invoices.ts';
import { orderMessageStatements } from './outbox.ts';
import { carts, customers, cycleOutgoing, enterprises, invoices, orderCycles, orderFees, orderLines, orders, paymentMethods, payments, shippingMethods } from './schema/index.ts';

export type Statement = BatchItem<'sqlite'>;
export type Statements = [Statement, ...Statement[]];

/** A batch needs at least one statement; every batch built here ends with the change it guards. */
export function asBatch(list: readonly Statement[]): Statements {
  if (list.length === 0) throw new Error('An empty batch.');
  return list as Statements;
}

/** What checkout reads besides the cart: the hub, the chosen methods (if the hub offers them), and any standing order of the cart. */
export function checkoutQueries(db: Db, cartPublicId: string, shippingMethodId: number, paymentMethodId: number) {
  const hubId = sql`(SELECT hub_id FROM carts WHERE public_id = ${cartPublicId})`;
  return [
    db
      .select({ termsText: enterprises.termsText, minOrderCents: enterprises.minOrderCents, stripeAccountId: enterprises.stripeAccountId })
      .from(enterprises)
      .where(eq(enterprises.id, hubId)),
    db
      .select({ id: shippingMethods.id, name: shippingMethods.name, kind: shippingMethods.kind, feeCents: shippingMethods.feeCents, vatRateBp: shippingMethods.vatRateBp })
      .from(shippingMethods)
      .where(and(eq(shippingMethods.id, shippingMethodId), eq(shippingMethods.hubId, hubId), isNull(shippingMethods.archivedAt))),
    db
      .select({ id: paymentMethods.id, name: paymentMethods.name, kind: paymentMethods.kind })
      .from(paymentMethods)
      .where(and(eq(paymentMethods.id, paymentMethodId), eq(paymentMethods.hubId, hubId), isNull(paymentMethods.archivedAt))),
    standingOrderQuery(db, cartPublicId),
  ] as const;
}

/** The cart's order that is not cancelled, if any: placed, or a card payment under way (with its payment page once recorded). */
export function standingOrderQuery(db: Db, cartPublicId: string) {
  return db
    .select({
      publicId: orders.publicId,
      state: orders.state,
      paymentState: orders.paymentState,
      locale: orders.locale,
      reservedUntil: orders.reservedUntil,
      sessionId: payments.stripeSessionId,
      checkoutUrl: payments.checkoutUrl,
    })
    .from(orders)
    .leftJoin(payments, and(eq(payments.orderId, orders.id), eq(payments.kind, 'card')))
    .where(and(eq(orders.cartId, sql`(SELECT id FROM carts WHERE public_id = ${cartPublicId})`), ne(orders.state, 'cancelled')));
}

export interface NewOrder {
  publicId: string;
  cartId: number;
  hubId: number;
  cycleId: number;
  locale: Locale;
  contact: { name: string; email: string; phone: string };
  shipping: { id: number; name: string; kind: ShippingKind; vatRateBp: number; address: { line: string; postalCode: string; city: string } | null };
  payment: { id: number; name: string; kind: PaymentKind };
  totals: OrderTotals;
  items: ReadonlyMap<number, ShopItem>;
  /** Card payments: stock is held until then (epoch ms), the end of the payment session. */
  reservedUntil: number | null;
  /** Origin of the links in the messages (https://…). */
  siteUrl: string;
  now: number;
  /** Invoice year of `now` (Europe/Paris). */
  year: number;
}

/**
 * The statements that place an order, or open a card payment attempt, as one batch (one transaction,
 * one round trip). The database itself refuses what must never happen, and the whole batch rolls back:
 * - a closed cycle: the order's cycle_id is read through a subquery that yields NULL once the cycle
 *   is closed, and the column is NOT NULL;
 * - overselling: stock is decremented in place and a CHECK keeps it >= 0, under concurrency too;
 * - ordering a cart twice: at most one order per cart is not cancelled (partial unique index).
 * An offline order is placed at once, with its invoice number and messages. A card order waits in
 * `checkout` with the stock reserved until the payment completes or the reservation ends.
 */
export function placeOrderStatements(db: Db, o: NewOrder): Statements {
  const orderId = sql`(SELECT id FROM orders WHERE public_id = ${o.publicId})`;
  const t = o.totals;
  const card = o.payment.kind === 'card';
  const state: OrderState = card ? 'checkout' : 'placed';
  const statements: Statements = [
    db
      .insert(customers)
      .values({ hubId: o.hubId, email: o.contact.email, name: o.contact.name, phone: o.contact.phone })
      .onConflictDoUpdate({ target: [customers.hubId, customers.email], set: { name: o.contact.name, phone: o.contact.phone } }),
    db.insert(orders).values({
      publicId: o.publicId,
      cartId: o.cartId,
      hubId: o.hubId,
      cycleId: sql`(SELECT id FROM order_cycles WHERE id = ${o.cycleId} AND opens_at <= ${o.now} AND closes_at > ${o.now})`,
      customerId: sql`(SELECT id FROM customers WHERE hub_id = ${o.hubId} AND email = ${o.contact.email})`,
      state,
      paymentState: 'pending',
      locale: o.locale,
      email: o.contact.email,
      name: o.contact.name,
      phone: o.contact.phone,
      shippingMethodId: o.shipping.id,
      shippingKind: o.shipping.kind,
      shippingName: o.shipping.name,
      addressLine: o.shipping.address?.line ?? null,
      postalCode: o.shipping.address?.postalCode ?? null,
      city: o.shipping.address?.city ?? null,
      paymentMethodId: o.payment.id,
      paymentKind: o.payment.kind,
      paymentName: o.payment.name,
      itemsTotalCents: t.itemsTotalCents,
      orderFeesCents: t.orderFeesCents,
      shippingCents: t.shippingCents,
      shippingVatRateBp: o.shipping.vatRateBp,
      vatTotalCents: t.vatTotalCents,
      totalCents: t.totalCents,
      reservedUntil: card ? o.reservedUntil : null,
      placedAt: card ? null : o.now,
      createdAt: o.now,
      updatedAt: o.now,
    }),
    ...t.lines.flatMap((l) => decrementStock(db, o.hubId, l.variantId, l.quantity)),
    db.insert(orderLines).values(
      t.lines.map((l) => {
        const item = o.items.get(l.variantId)!;
        return {
          orderId,
          variantId: l.variantId,
          producerId: item.producerId,
          productName: item.productName,
          variantName: item.variantName,
          unitKind: item.unitKind,
          unitValue: item.unitValue,
          quantity: l.quantity,
          basePriceCents: l.price.basePriceCents,
          itemFeesCents: l.price.priceCents - l.price.basePriceCents,
          unitPriceCents: l.price.priceCents,
          lineTotalCents: l.lineTotalCents,
          vatRateBp: l.price.vatRateBp,
          vatCents: l.vatCents,
          stockSource: stockSourceOf(o.hubId, l.variantId),
        };
      }),
    ),
    db.insert(payments).values({ orderId, kind: o.payment.kind, state: 'pending', amountCents: t.totalCents, createdAt: o.now, updatedAt: o.now }),
    // The cart is closed to changes while its order stands (or its payment is under way).
    db.update(carts).set({ orderedAt: o.now, updatedAt: o.now }).where(eq(carts.id, o.cartId)),
  ];
  const feeRows = [
    ...t.lines.flatMap((l) =>
      l.price.fees.map((f) => ({
        orderId,
        orderLineId: sql`(SELECT id FROM order_lines WHERE order_id = ${orderId} AND variant_id = ${l.variantId})`,
        enterpriseId: f.enterpriseId,
        role: f.role,
        name: f.name,
        amountCents: f.amountCents * l.quantity,
        vatRateBp: l.price.vatRateBp,
      })),
    ),
    ...t.orderFees.map((f) => ({ orderId, orderLineId: null, enterpriseId: f.enterpriseId, role: f.role, name: f.name, amountCents: f.amountCents, vatRateBp: f.vatRateBp })),
  ];
  if (feeRows.length) statements.push(db.insert(orderFees).values(feeRows));
  if (!card) statements.push(...placedEffects(db, { publicId: o.publicId, inState: 'placed', now: o.now, year: o.year, siteUrl: o.siteUrl }));
  return statements;
}

/** What placing an order entails besides the order: its invoice number and the two messages. */
function placedEffects(db: Db, p: { publicId: string; inState: OrderState; now: number; year: number; siteUrl: string }): Statement[] {
  const where = sql`o.public_id = ${p.publicId} AND o.state = ${p.inState}`;
  return [...orderMessageStatements(db, { where, topics: ['order.placed.shopper', 'order.placed.hub'], now: p.now, siteUrl: p.siteUrl }), ...issueInvoiceStatements(db, { where, year: p.year, now: p.now })];
}

/**
 * Takes stock from the hub's override when it holds a count, else from the producer's variant;
 * nothing when the variant is on demand. Both conditions are evaluated inside the transaction.
 */
function decrementStock(db: Db, hubId: number, variantId: number, quantity: number) {
  return [
    db.run(sql`UPDATE variant_overrides SET on_hand = on_hand - ${quantity}
      WHERE hub_id = ${hubId} AND variant_id = ${variantId} AND on_hand IS NOT NULL
        AND NOT coalesce(on_demand, (SELECT on_demand FROM variants WHERE id = ${variantId}))`),
    db.run(sql`UPDATE variants SET on_hand = on_hand - ${quantity}
      WHERE id = ${variantId}
        AND NOT coalesce((SELECT on_demand FROM variant_overrides WHERE hub_id = ${hubId} AND variant_id = ${variantId}), on_demand)
        AND NOT EXISTS (SELECT 1 FROM variant_overrides WHERE hub_id = ${hubId} AND variant_id = ${variantId} AND on_hand IS NOT NULL)`),
  ];
}

/**
 * Where decrementStock takes a line's stock, computed in SQL inside the same transaction so it is
 * exactly the row that was decremented; stored on the line so the stock goes back there even if the
 * variant's stock mode or the hub's override changes meanwhile.
 */
function stockSourceOf(hubId: number, variantId: number) {
  return sql<StockSource>`(SELECT CASE WHEN coalesce(o.on_demand, v.on_demand) THEN 'none' WHEN o.on_hand IS NOT NULL THEN 'override' ELSE 'producer' END
    FROM variants v LEFT JOIN variant_overrides o ON o.variant_id = v.id AND o.hub_id = ${hubId} WHERE v.id = ${variantId})`;
}

/**
 * Gives back the stock of the order with this id (an SQL expression) to where each line took it,
 * set-based so the lines need not be read first. The caller guards `order` so that it yields NULL
 * unless this batch is the one ending the order: a replay or a race gives nothing back twice.
 */
export function returnStockStatements(db: Db, order: SQL): [Statement, Statement] {
  const hub = sql`(SELECT hub_id FROM orders WHERE id = ${order})`;
  const taken = (source: StockSource, column: SQL) => sql`(SELECT sum(quantity) FROM order_lines WHERE order_id = ${order} AND stock_source = ${source} AND variant_id = ${column})`;
  return [
    db.run(sql`UPDATE variant_overrides SET on_hand = coalesce(on_hand, 0) + ${taken('override', sql`variant_overrides.variant_id`)}
      WHERE hub_id = ${hub} AND variant_id IN (SELECT variant_id FROM order_lines WHERE order_id = ${order} AND stock_source = 'override')`),
    db.run(sql`UPDATE variants SET on_hand = on_hand + ${taken('producer', sql`variants.id`)}
      WHERE id IN (SELECT variant_id FROM order_lines WHERE order_id = ${order} AND stock_source = 'producer')`),
  ];
}

/** The SQL guard of a transition, checked against the domain's table so no code path can write one it forbids. */
function from(from: OrderState, to: OrderState): OrderState {
  if (!canMoveOrder(from, to)) throw new Error(`An order cannot move from ${from} to ${to}.`);
  return from;
}

export interface ProviderEvent {
  id: string;
  provider: 'stripe';
  type: string;
}

/** Recording the event first: a replay hits the primary key and rolls the whole batch back. */
function eventStatements(db: Db, event: ProviderEvent | undefined, now: number): Statement[] {
  return event ? [db.run(sql`INSERT INTO webhook_events (id, provider, type, received_at) VALUES (${event.id}, ${event.provider}, ${event.type}, ${now})`)] : [];
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
    db.run(sql`INSERT INTO audit_log (user_id, enterprise_id, action, subject, details, at)
      SELECT NULL, o.hub_id, ${action}, 'order:' || o.public_id, json_object('session', ${p.sessionId}, 'paymentIntent', ${p.paymentIntentId}, 'amountCents', ${p.amountCents}, 'event', ${p.event?.id ?? null}), ${p.now}
      FROM orders o WHERE ${where}`);
  const lateCase = [
    // Paid after the attempt was cancelled (its stock already released).
    db.run(sql`UPDATE payments SET ${paymentSet} WHERE order_id = ${order} AND kind = 'card' AND state <> 'paid' AND EXISTS (SELECT 1 FROM orders o WHERE ${late})`),
    ...orderMessageStatements(db, { where: late, topics: ['payment.late.hub', 'payment.late.shopper'], now: p.now, siteUrl: p.siteUrl }),
    audit('order.paid_after_cancel', late),
    db.run(sql`UPDATE orders SET payment_state = 'paid', updated_at = ${p.now} WHERE id = (SELECT o.id FROM orders o WHERE ${late})`),
  ];
  const events = eventStatements(db, p.event, p.now);
  const statements = asBatch([
    ...events,
    ...lateCase,
    // The normal case: the attempt is still open.
    db.run(sql`UPDATE payments SET ${paymentSet} WHERE order_id = ${order} AND kind = 'card' AND EXISTS (SELECT 1 FROM orders WHERE public_id = ${p.publicId} AND state = ${checkout})`),
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
export function cardAttemptEndedStatements(db: Db, p: { publicId: string; reason: string; event?: ProviderEvent | undefined; now: number; onlyWithoutSession?: boolean }): Statements {
  const checkout = from('checkout', 'cancelled');
  const noSession = p.onlyWithoutSession ? sql` AND NOT EXISTS (SELECT 1 FROM payments pp WHERE pp.order_id = oo.id AND pp.kind = 'card' AND pp.stripe_session_id IS NOT NULL)` : sql``;
  // The attempt, while this batch is the one ending it (NULL otherwise): every statement is guarded by it.
  const ending = sql`(SELECT oo.id FROM orders oo WHERE oo.public_id = ${p.publicId} AND oo.state = ${checkout}${noSession})`;
  return asBatch([
    ...eventStatements(db, p.event, p.now),
    ...returnStockStatements(db, ending),
    db.run(sql`UPDATE payments SET state = 'failed', updated_at = ${p.now} WHERE order_id = ${ending} AND kind = 'card' AND state = 'pending'`),
    db.run(sql`UPDATE carts SET ordered_at = NULL, updated_at = ${p.now} WHERE id = (SELECT cart_id FROM orders WHERE id = ${ending})`),
    db.run(sql`INSERT INTO audit_log (user_id, enterprise_id, action, subject, details, at)
      SELECT NULL, hub_id, 'order.payment_attempt_ended', 'order:' || public_id, json_object('reason', ${p.reason}, 'event', ${p.event?.id ?? null}), ${p.now}
      FROM orders WHERE id = ${ending}`),
    db.run(sql`UPDATE orders SET state = 'cancelled', payment_state = 'failed', reserved_until = NULL, updated_at = ${p.now} WHERE id = ${ending}`),
  ]);
}

/** How often the sweep asks Stripe again about a payment still processing, in case its webhook is lost. */
const PROCESSING_RECHECK_MS = 24 * 60 * 60_000;

/**
 * The session completed but its payment is still processing: keep the stock until Stripe says how it
 * ended. The reservation moves a day ahead rather than being dropped, so the sweep asks Stripe again
 * and a success whose webhook never came still places the order.
 */
export function cardPaymentProcessingStatements(db: Db, p: { publicId: string; sessionId: string; event?: ProviderEvent | undefined; now: number }): Statements {
  return asBatch([
    ...eventStatements(db, p.event, p.now),
    db.run(sql`UPDATE payments SET stripe_session_id = coalesce(stripe_session_id, ${p.sessionId}), updated_at = ${p.now} WHERE order_id = (SELECT id FROM orders WHERE public_id = ${p.publicId}) AND kind = 'card'`),
    db.run(sql`UPDATE orders SET reserved_until = ${p.now + PROCESSING_RECHECK_MS}, updated_at = ${p.now} WHERE public_id = ${p.publicId} AND state = 'checkout'`),
  ]);
}

/** An event that needs no change still counts as seen, so its replays are answered as duplicates. */
export function recordEventStatements(db: Db, event: ProviderEvent, now: number): Statements {
  return asBatch(eventStatements(db, event, now));
}

/**
 * Remembers the Stripe session of an attempt and its payment page, to resume or expire it later; only
 * while the attempt stands. False when it ended meanwhile (a retry replaced it, the shopper gave up):
 * then its page must not be handed out.
 */
export async function recordCheckoutSession(db: Db, publicId: string, sessionId: string, url: string | null, now: number): Promise<boolean> {
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
    .select({ publicId: orders.publicId, sessionId: payments.stripeSessionId, stripeAccountId: enterprises.stripeAccountId, reservedUntil: orders.reservedUntil })
    .from(orders)
    .innerJoin(enterprises, eq(enterprises.id, orders.hubId))
    .leftJoin(payments, and(eq(payments.orderId, orders.id), eq(payments.kind, 'card')))
    .where(and(eq(orders.state, 'checkout'), lte(orders.reservedUntil, now)))
    .orderBy(asc(orders.reservedUntil))
    .limit(limit);
}

/** An order with its lines, fees, shop, collection details, payment and invoice, by its unguessable id. */
export async function findOrder(db: Db, publicId: string) {
  const orderId = sql`(SELECT id FROM orders WHERE public_id = ${publicId})`;
  const [orderRows, lines, fees, paymentRows, invoiceRows] = await db.batch([
    db
      .select({
        order: orders,
        cartPublicId: carts.publicId,
        hubName: enterprises.name,
        hubSlug: enterprises.slug,
        hub: {
          name: enterprises.name,
          legalName: enterprises.legalName,
          siret: enterprises.siret,
          vatNumber: enterprises.vatNumber,
          addressLine: enterprises.addressLine,
          postalCode: enterprises.postalCode,
          commune: enterprises.commune,
          country: enterprises.country,
          email: enterprises.email,
          phone: enterprises.phone,
          website: enterprises.website,
        },
        cycleName: orderCycles.name,
        collectionStartsAt: cycleOutgoing.collectionStartsAt,
        collectionEndsAt: cycleOutgoing.collectionEndsAt,
        collectionPlace: cycleOutgoing.collectionPlace,
        instructions: cycleOutgoing.instructions,
      })
      .from(orders)
      .innerJoin(enterprises, eq(enterprises.id, orders.hubId))
      .innerJoin(orderCycles, eq(orderCycles.id, orders.cycleId))
      .leftJoin(carts, eq(carts.id, orders.cartId))
      .leftJoin(cycleOutgoing, and(eq(cycleOutgoing.cycleId, orders.cycleId), eq(cycleOutgoing.hubId, orders.hubId)))
      .where(eq(orders.publicId, publicId)),
    db
      .select({ line: orderLines, producerName: enterprises.name })
      .from(orderLines)
      .innerJoin(enterprises, eq(enterprises.id, orderLines.producerId))
      .where(eq(orderLines.orderId, orderId))
      .orderBy(asc(orderLines.id)),
    db
      .select({ name: orderFees.name, role: orderFees.role, amountCents: orderFees.amountCents, vatRateBp: orderFees.vatRateBp, enterpriseName: enterprises.name, orderLineId: orderFees.orderLineId })
      .from(orderFees)
      .innerJoin(enterprises, eq(enterprises.id, orderFees.enterpriseId))
      .where(eq(orderFees.orderId, orderId))
      .orderBy(asc(orderFees.id)),
    db
      .select({ kind: payments.kind, state: payments.state, checkoutUrl: payments.checkoutUrl, sessionId: payments.stripeSessionId, amountCents: payments.amountCents })
      .from(payments)
      .where(eq(payments.orderId, orderId))
      .orderBy(asc(payments.id)),
    db
      .select({ year: invoices.year, number: invoices.number, issuedAt: invoices.issuedAt, totalHtCents: invoices.totalHtCents, totalVatCents: invoices.totalVatCents, totalTtcCents: invoices.totalTtcCents })
      .from(invoices)
      .where(eq(invoices.orderId, orderId)),
  ]);
  const head = orderRows[0];
  if (!head) return null;
  return {
    ...head,
    lines: lines.map((l) => ({ ...l.line, producerName: l.producerName })),
    lineFees: fees.filter((f) => f.orderLineId !== null),
    orderFees: fees.filter((f) => f.orderLineId === null),
    payment: paymentRows.at(-1) ?? null,
    invoice: invoiceRows[0] ?? null,
  };
}

export type OrderRecord = NonNullable<Awaited<ReturnType<typeof findOrder>>>;

/** The facts the offline « mark paid » needs to decide, by the order's public id. */
export async function orderPaymentFacts(db: Db, publicId: string) {
  const rows = await db
    .select({ id: orders.id, hubId: orders.hubId, state: orders.state, paymentState: orders.paymentState, paymentKind: orders.paymentKind, totalCents: orders.totalCents })
    .from(orders)
    .where(eq(orders.publicId, publicId));
  return rows[0] ?? null;
}

/**
 * Records an offline payment, with who and when in the audit log. Guarded by the payment state that
 * was read, the order's row changing last: if someone else changed it meanwhile, nothing is written.
 */
export function markPaidStatements(db: Db, p: { orderId: number; from: PaymentState; userId: number | null; enterpriseId: number; via: string; now: number }) {
  return [
    db.run(sql`UPDATE payments SET state = 'paid', recorded_by = ${p.userId}, updated_at = ${p.now}
      WHERE order_id = ${p.orderId} AND kind = 'offline' AND state = ${p.from}
        AND EXISTS (SELECT 1 FROM orders WHERE id = ${p.orderId} AND payment_state = ${p.from})`),
    db.run(sql`INSERT INTO audit_log (user_id, enterprise_id, action, subject, details, at)
      SELECT ${p.userId}, ${p.enterpriseId}, 'order.marked_paid', 'order:' || public_id, json_object('via', ${p.via}, 'from', ${p.from}, 'amountCents', total_cents), ${p.now}
      FROM orders WHERE id = ${p.orderId} AND payment_state = ${p.from}`),
    db.run(sql`UPDATE orders SET payment_state = 'paid', updated_at = ${p.now} WHERE id = ${p.orderId} AND payment_state = ${p.from}`),
  ] as const;
}
