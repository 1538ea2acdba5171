// Placing an order in the database: the batch that places it or opens a card payment attempt (one
// transaction the database itself guards), what placing entails, where stock is taken and given back.
import { eq, sql, type SQL } from 'drizzle-orm';
import type { OrderTotals } from '../../domain/pricing.ts';
import { canMoveOrder, type OrderState, type PaymentKind, type ShippingKind, type StockSource } from '../../domain/orders.ts';
import type { Locale } from '../../domain/money.ts';
import type { ShopItem } from '../catalog/shop.ts';
import { openAtSql } from '../catalog/cycle-sql.ts';
import { stockSourceSql } from '../catalog/offer-sql.ts';
import type { Db } from '../core/client.ts';
import type { Statement, Statements } from '../core/batch.ts';
import { issueInvoiceStatements } from './invoices.ts';
import { orderMessageStatements } from '../messaging/outbox.ts';
import { saleOpenToSql, visibleMethodSql, visibleVariantSql } from '../shoppers/members-sql.ts';
import { carts, customers, orderFees, orderLines, orders, payments } from '../schema/index.ts';

export interface NewOrder {
  publicId: string;
  cartId: number;
  hubId: number;
  cycleId: number;
  locale: Locale;
  contact: { name: string; email: string; phone: string };
  shipping: {
    id: number;
    name: string;
    kind: ShippingKind;
    vatRateBp: number;
    address: { line: string; postalCode: string; city: string } | null;
  };
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
  /** The signed-in shopper's address (null for a guest, or an order a hub takes): whose tags the placement checks. */
  member: string | null;
}

/**
 * The tags the order relies on, re-checked inside the batch (the twin of the checkout read): the sale is
 * public or reserved to a tag `member` holds, every line's variant is one their tags open, and the chosen
 * methods are offered to them. A tag removed between the quote and the placement makes the order's
 * cycle_id NULL, so the batch is refused as for a closed cycle, and no stock is taken.
 */
function tagsStillHeldSql(o: NewOrder): SQL {
  const requiredTag = sql`(SELECT required_tag FROM cycle_outgoing WHERE cycle_id = ${o.cycleId} AND hub_id = ${o.hubId})`;
  const ids = JSON.stringify(o.totals.lines.map((l) => l.variantId));
  return sql`${saleOpenToSql(requiredTag, o.hubId, o.member)}
    AND NOT EXISTS (SELECT 1 FROM json_each(${ids}) j WHERE NOT ${visibleVariantSql(sql`j.value`, o.hubId, o.member)})
    AND ${visibleMethodSql('shipping', o.shipping.id, o.hubId, o.member)} AND ${visibleMethodSql('payment', o.payment.id, o.hubId, o.member)}`;
}

/**
 * The statements that place an order, or open a card payment attempt, as one batch (one transaction,
 * one round trip). The database itself refuses what must never happen, and the whole batch rolls back:
 * - a closed cycle: the order's cycle_id is read through a subquery that yields NULL once the cycle
 *   is closed, and the column is NOT NULL; the same subquery yields NULL when the shopper no longer
 *   holds a tag the order relies on (tagsStillHeldSql);
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
      cycleId: sql`(SELECT id FROM order_cycles WHERE id = ${o.cycleId} AND ${openAtSql('order_cycles', o.now)} AND ${tagsStillHeldSql(o)})`,
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
    db
      .insert(payments)
      .values({ orderId, kind: o.payment.kind, state: 'pending', amountCents: t.totalCents, createdAt: o.now, updatedAt: o.now }),
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
    ...t.orderFees.map((f) => ({
      orderId,
      orderLineId: null,
      enterpriseId: f.enterpriseId,
      role: f.role,
      name: f.name,
      amountCents: f.amountCents,
      vatRateBp: f.vatRateBp,
    })),
  ];
  if (feeRows.length) statements.push(db.insert(orderFees).values(feeRows));
  if (!card)
    statements.push(...placedEffects(db, { publicId: o.publicId, inState: 'placed', now: o.now, year: o.year, siteUrl: o.siteUrl }));
  return statements;
}

/** What placing an order entails besides the order: its invoice number and the two messages. */
export function placedEffects(
  db: Db,
  p: { publicId: string; inState: OrderState; now: number; year: number; siteUrl: string },
): Statement[] {
  const where = sql`o.public_id = ${p.publicId} AND o.state = ${p.inState}`;
  return [
    ...orderMessageStatements(db, { where, topics: ['order.placed.shopper', 'order.placed.hub'], now: p.now, siteUrl: p.siteUrl }),
    ...issueInvoiceStatements(db, { where, year: p.year, now: p.now }),
  ];
}

/**
 * Takes the line's stock where stockSourceOf says it comes from: the hub's override when it holds a
 * count, else the producer's variant; nothing when the variant is on demand. The source is evaluated
 * inside the transaction, so it is the row the order line records.
 */
function decrementStock(db: Db, hubId: number, variantId: number, quantity: number) {
  const source = stockSourceOf(hubId, variantId);
  return [
    db.run(
      sql`UPDATE variant_overrides SET on_hand = on_hand - ${quantity} WHERE hub_id = ${hubId} AND variant_id = ${variantId} AND ${source} = 'override'`,
    ),
    db.run(sql`UPDATE variants SET on_hand = on_hand - ${quantity} WHERE id = ${variantId} AND ${source} = 'producer'`),
  ];
}

/**
 * Where a line's stock is taken (offerOf's stockSource, in SQL), computed inside the same transaction
 * so it is exactly the row that was decremented; stored on the line so the stock goes back there even
 * if the variant's stock mode or the hub's override changes meanwhile.
 */
function stockSourceOf(hubId: number, variantId: number) {
  return sql<StockSource>`(SELECT ${stockSourceSql('v', 'o')} FROM variants v LEFT JOIN variant_overrides o ON o.variant_id = v.id AND o.hub_id = ${hubId} WHERE v.id = ${variantId})`;
}

/**
 * Gives back the stock of the order with this id (an SQL expression) to where each line took it,
 * set-based so the lines need not be read first. The caller guards `order` so that it yields NULL
 * unless this batch is the one ending the order: a replay or a race gives nothing back twice.
 */
export function returnStockStatements(db: Db, order: SQL): [Statement, Statement] {
  const hub = sql`(SELECT hub_id FROM orders WHERE id = ${order})`;
  const taken = (source: StockSource, column: SQL) =>
    sql`(SELECT sum(quantity) FROM order_lines WHERE order_id = ${order} AND stock_source = ${source} AND variant_id = ${column})`;
  return [
    db.run(sql`UPDATE variant_overrides SET on_hand = coalesce(on_hand, 0) + ${taken('override', sql`variant_overrides.variant_id`)}
      WHERE hub_id = ${hub} AND variant_id IN (SELECT variant_id FROM order_lines WHERE order_id = ${order} AND stock_source = 'override')`),
    db.run(sql`UPDATE variants SET on_hand = on_hand + ${taken('producer', sql`variants.id`)}
      WHERE id IN (SELECT variant_id FROM order_lines WHERE order_id = ${order} AND stock_source = 'producer')`),
  ];
}

/** The SQL guard of a transition, checked against the domain's table so no code path can write one it forbids. */
export function from(from: OrderState, to: OrderState): OrderState {
  if (!canMoveOrder(from, to)) throw new Error(`An order cannot move from ${from} to ${to}.`);
  return from;
}
