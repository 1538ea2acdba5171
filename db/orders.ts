// Orders in the database: the one batch that places an order atomically, and reading an order back.
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { OrderTotals } from '../domain/pricing.ts';
import type { PaymentKind, ShippingKind } from '../domain/orders.ts';
import type { Locale } from '../domain/money.ts';
import type { ShopItem } from './catalog.ts';
import type { Db } from './client.ts';
import { carts, customers, cycleOutgoing, enterprises, orderCycles, orderFees, orderLines, orders, outbox, paymentMethods, payments, shippingMethods } from './schema/index.ts';

/** What checkout reads besides the cart: the hub's terms and minimum, and the chosen methods (if the hub offers them). */
export function checkoutQueries(db: Db, cartPublicId: string, shippingMethodId: number, paymentMethodId: number) {
  const hubId = sql`(SELECT hub_id FROM carts WHERE public_id = ${cartPublicId})`;
  return [
    db.select({ termsText: enterprises.termsText, minOrderCents: enterprises.minOrderCents, email: enterprises.email }).from(enterprises).where(eq(enterprises.id, hubId)),
    db
      .select({ id: shippingMethods.id, name: shippingMethods.name, kind: shippingMethods.kind, feeCents: shippingMethods.feeCents, vatRateBp: shippingMethods.vatRateBp })
      .from(shippingMethods)
      .where(and(eq(shippingMethods.id, shippingMethodId), eq(shippingMethods.hubId, hubId), isNull(shippingMethods.archivedAt))),
    db
      .select({ id: paymentMethods.id, name: paymentMethods.name, kind: paymentMethods.kind })
      .from(paymentMethods)
      .where(and(eq(paymentMethods.id, paymentMethodId), eq(paymentMethods.hubId, hubId), isNull(paymentMethods.archivedAt))),
  ] as const;
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
  hubEmail: string | null;
  now: number;
}

/**
 * The statements that place an order, to run as one batch (one transaction, one round trip).
 * The database itself refuses what must never happen, and the whole batch rolls back:
 * - a closed cycle: the order's cycle_id is read through a subquery that yields NULL once the cycle
 *   is closed, and the column is NOT NULL;
 * - overselling: stock is decremented in place and a CHECK keeps it >= 0, under concurrency too;
 * - ordering a cart twice: orders.cart_id is UNIQUE.
 */
export function placeOrderStatements(db: Db, o: NewOrder): [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]] {
  const orderId = sql`(SELECT id FROM orders WHERE public_id = ${o.publicId})`;
  const t = o.totals;
  const statements: [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]] = [
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
      state: 'placed',
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
      placedAt: o.now,
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
        };
      }),
    ),
    db.insert(payments).values({ orderId, kind: o.payment.kind, state: 'pending', amountCents: t.totalCents, createdAt: o.now, updatedAt: o.now }),
    db.update(carts).set({ orderedAt: o.now, updatedAt: o.now }).where(eq(carts.id, o.cartId)),
    db.insert(outbox).values([
      { topic: 'order.placed.shopper', recipient: o.contact.email, locale: o.locale, payload: { orderPublicId: o.publicId }, createdAt: o.now, nextAttemptAt: o.now },
      ...(o.hubEmail ? [{ topic: 'order.placed.hub', recipient: o.hubEmail, locale: 'fr' as const, payload: { orderPublicId: o.publicId }, createdAt: o.now, nextAttemptAt: o.now }] : []),
    ]),
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
  return feeRows.length ? [...statements, db.insert(orderFees).values(feeRows)] : statements;
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

/** An order with its lines, per-order fees, shop and collection details, by its unguessable id. */
export async function findOrder(db: Db, publicId: string) {
  const orderId = sql`(SELECT id FROM orders WHERE public_id = ${publicId})`;
  const [orderRows, lines, fees] = await db.batch([
    db
      .select({
        order: orders,
        hubName: enterprises.name,
        hubSlug: enterprises.slug,
        cycleName: orderCycles.name,
        collectionStartsAt: cycleOutgoing.collectionStartsAt,
        collectionEndsAt: cycleOutgoing.collectionEndsAt,
        collectionPlace: cycleOutgoing.collectionPlace,
        instructions: cycleOutgoing.instructions,
      })
      .from(orders)
      .innerJoin(enterprises, eq(enterprises.id, orders.hubId))
      .innerJoin(orderCycles, eq(orderCycles.id, orders.cycleId))
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
  ]);
  const head = orderRows[0];
  if (!head) return null;
  return {
    ...head,
    lines: lines.map((l) => ({ ...l.line, producerName: l.producerName })),
    lineFees: fees.filter((f) => f.orderLineId !== null),
    orderFees: fees.filter((f) => f.orderLineId === null),
  };
}

export type OrderRecord = NonNullable<Awaited<ReturnType<typeof findOrder>>>;
