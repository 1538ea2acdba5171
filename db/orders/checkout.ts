// What checkout reads, in one batch (one round trip), by name: the cart snapshot, the hub's terms,
// minimum and Stripe account (when it can charge), the methods the cart's cycle offers there with its collection window,
// and the cart's live order. The quote and the
// placement read the same, so what a shopper is quoted is what placing the order checks.
import { and, eq, sql } from 'drizzle-orm';
import { batchNamed, type NamedResults } from '../core/batch.ts';
import { offeredMethodsQueries } from '../catalog/cycle-methods.ts';
import type { Db } from '../core/client.ts';
import { cycleOutgoing, enterprises, orders, payments } from '../schema/index.ts';
import { assembleCartSnapshot, cartSnapshotQueries, type CartSnapshot } from './carts.ts';
import { liveStateSql } from './sql.ts';
import { visibleMethodSql } from '../shoppers/members-sql.ts';

/** The cart's order that is not cancelled, if any: placed, or a card payment under way (with its payment page once recorded). */
export function liveOrderQuery(db: Db, cartPublicId: string) {
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
    .where(and(eq(orders.cartId, sql`(SELECT id FROM carts WHERE public_id = ${cartPublicId})`), liveStateSql('orders')));
}

export type LiveOrder = Awaited<ReturnType<typeof liveOrderQuery>>[number];

/** What checkout reads besides the cart: the hub, the methods its exchange in the cart's cycle offers (in the hub's order), and the cart's live order. */
function checkoutQueries(db: Db, cartPublicId: string, member: string | null) {
  const hubId = sql`(SELECT hub_id FROM carts WHERE public_id = ${cartPublicId})`;
  const outgoingId = sql`(SELECT co.id FROM cycle_outgoing co JOIN carts c ON c.cycle_id = co.cycle_id AND c.hub_id = co.hub_id WHERE c.public_id = ${cartPublicId})`;
  const methods = offeredMethodsQueries(db, outgoingId);
  return {
    collection: db
      .select({ startsAt: cycleOutgoing.collectionStartsAt, endsAt: cycleOutgoing.collectionEndsAt, place: cycleOutgoing.collectionPlace })
      .from(cycleOutgoing)
      .where(eq(cycleOutgoing.id, outgoingId)),
    hub: db
      .select({
        termsText: enterprises.termsText,
        minOrderCents: enterprises.minOrderCents,
        // The account to charge on, only while Stripe lets the hub charge (domain/shop-open.ts takesCards):
        // otherwise card is offered as unavailable and placing with it is refused.
        stripeAccountId: sql<
          string | null
        >`CASE WHEN ${enterprises.stripeChargesEnabled} = 1 THEN ${enterprises.stripeAccountId} ELSE NULL END`,
      })
      .from(enterprises)
      .where(eq(enterprises.id, hubId)),
    shippingMethods: methods.shipping,
    paymentMethods: methods.payment,
    liveOrder: liveOrderQuery(db, cartPublicId),
    // The exchange's methods a tag rule keeps from this shopper (reserved to a tag they lack, or hidden from one they hold).
    withheldMethods: db.all<{ kind: 'shipping' | 'payment'; id: number }>(sql`
      SELECT 'shipping' AS kind, j.method_id AS id FROM cycle_outgoing_shipping_methods j
        WHERE j.outgoing_id = ${outgoingId} AND NOT ${visibleMethodSql('shipping', sql`j.method_id`, hubId, member)}
      UNION ALL SELECT 'payment' AS kind, j.method_id AS id FROM cycle_outgoing_payment_methods j
        WHERE j.outgoing_id = ${outgoingId} AND NOT ${visibleMethodSql('payment', sql`j.method_id`, hubId, member)}`),
  };
}

type CheckoutRows = NamedResults<ReturnType<typeof checkoutQueries>>;

export interface Checkout {
  snapshot: CartSnapshot;
  hub: CheckoutRows['hub'][number];
  /** When and where the cart's cycle collects or delivers at this hub (null when the hub left the cycle). */
  collection: CheckoutRows['collection'][number] | null;
  /** The collection/delivery and payment methods the cart's cycle offers at this hub to this shopper (tag rules), not archived, in the hub's order. */
  shippingMethods: CheckoutRows['shippingMethods'];
  paymentMethods: CheckoutRows['paymentMethods'];
  liveOrder: LiveOrder | undefined;
}

/** Everything checkout needs of a cart, in one round trip; null when the cart does not exist. `member`: cartSnapshotQueries. */
export async function readCheckout(db: Db, cartPublicId: string, member: string | null = null): Promise<Checkout | null> {
  const rows = await batchNamed(db, { ...cartSnapshotQueries(db, cartPublicId, [], member), ...checkoutQueries(db, cartPublicId, member) });
  const snapshot = assembleCartSnapshot(rows);
  // A cart always has its hub (foreign key): the hub row is there whenever the cart is.
  if (!snapshot) return null;
  const withheld = (kind: 'shipping' | 'payment', id: number) => rows.withheldMethods.some((w) => w.kind === kind && w.id === id);
  return {
    snapshot,
    hub: rows.hub[0]!,
    collection: rows.collection[0] ?? null,
    shippingMethods: rows.shippingMethods.filter((m) => !withheld('shipping', m.id)),
    paymentMethods: rows.paymentMethods.filter((m) => !withheld('payment', m.id)),
    liveOrder: rows.liveOrder[0],
  };
}
