// A hub's actions on its orders: record an offline payment (the checkout's markOrderPaid), move an
// order to ready, collected or delivered, and cancel — stock returned, a card payment refunded through Stripe first — recorded with who and when.
import { cancelOrderStatements, hubCycle, moveOrderStatements, orderForCancel } from '../../../db/orders/hub-orders.ts';
import { sql } from 'drizzle-orm';
import { batchOf } from '../../../db/core/batch.ts';
import type { Db } from '../../../db/core/client.ts';
import { orderMessageStatements } from '../../../db/messaging/outbox.ts';
import { DomainError } from '../../../domain/errors.ts';
import {
  canMoveOrder,
  canMovePayment,
  isSale,
  type OrderState,
  type PaymentKind,
  type PaymentState,
  type ShippingKind,
} from '../../../domain/orders.ts';
import type { Actor } from '../../../domain/permissions.ts';
import { isStripeRefusal, type CardPayments } from '../../stripe.ts';
import { markOrderPaid } from '../../use-cases/mark-order-paid.ts';
import { idParamSchema } from '../../schemas.ts';
import { auditActor } from '../shared/audit-actor.ts';
import { parseOrThrow } from '../shared/forms.ts';

/** The cycle the path names, if the hub sells in it or coordinates it; to other hubs it does not exist. */
export async function cycleOrFail(db: Db, hubId: number, idText: string) {
  const cycle = await hubCycle(db, hubId, parseOrThrow(idParamSchema, idText));
  if (!cycle) throw new DomainError('NOT_FOUND', 'No such cycle for this shop.');
  return cycle;
}

/** A hub cancels a sale still under way; a card attempt in progress ends by itself instead. */
export const canCancel = (state: OrderState): boolean => isSale(state) && canMoveOrder(state, 'cancelled');

/** Where a bag ends: collected for a pickup, delivered for a delivery. */
export const handOverState = (kind: ShippingKind): 'collected' | 'delivered' => (kind === 'delivery' ? 'delivered' : 'collected');

/** An offline payment a hub may record by hand: on a sale, while the payment can still become paid. */
export const canRecordPayment = (o: { state: OrderState; paymentKind: PaymentKind; paymentState: PaymentState }): boolean =>
  o.paymentKind === 'offline' && isSale(o.state) && canMovePayment(o.paymentState, 'paid');

export async function recordOfflinePayment({
  db,
  hubId,
  publicId,
  actor,
  now,
}: {
  db: Db;
  hubId: number;
  publicId: string;
  actor: Actor;
  now: number;
}) {
  const who = auditActor(actor);
  return markOrderPaid({
    db,
    orderPublicId: publicId,
    enterpriseId: hubId,
    actor: { userId: who.userId, via: actor.kind === 'token' ? `api-token:${actor.tokenId}` : 'back-office' },
    now,
    // The shopper hears it, in the same batch, only if this call moved the payment (the order update just before).
    alsoInBatch: (orderId) =>
      orderMessageStatements(db, {
        where: sql`o.id = ${orderId} AND o.payment_state = 'paid' AND changes() = 1`,
        topics: ['order.paid.shopper'],
        now,
        siteUrl: '',
      }),
  });
}

export async function cancelOrder({
  db,
  payments,
  hubId,
  publicId,
  actor,
  reason,
  now,
}: {
  db: Db;
  payments: CardPayments | null;
  hubId: number;
  publicId: string;
  actor: Actor;
  reason: string;
  now: number;
}) {
  const order = await orderForCancel(db, hubId, publicId);
  if (!order) throw new DomainError('NOT_FOUND', 'No such order in this shop.');
  if (order.state === 'checkout')
    throw new DomainError('STATE_CONFLICT', 'A card payment is under way for this order; it ends by itself if the shopper does not pay.', {
      details: { state: order.state },
    });
  if (!canMoveOrder(order.state, 'cancelled'))
    throw new DomainError(
      'STATE_CONFLICT',
      order.state === 'cancelled' ? 'This order is already cancelled.' : `An order that is ${order.state} can no longer be cancelled.`,
      { details: { state: order.state } },
    );

  // A paid order is refunded: by card through Stripe before anything changes here (if Stripe
  // refuses, the order stays as it is), in cash by the hub (the record says so). An unpaid one
  // keeps its payment state: there is nothing to give back.
  let paymentTo: PaymentState = order.paymentState;
  const details: Record<string, unknown> = { reason, from: order.state, ...auditActor(actor).via };
  if (order.paymentState === 'paid' && canMovePayment('paid', 'refunded')) {
    paymentTo = 'refunded';
    if (order.paymentKind === 'card') {
      if (!payments || !order.stripeAccountId || !order.payment?.intent)
        throw new DomainError(
          'PAYMENT_PROVIDER',
          'This card payment cannot be refunded from here (card payments are not configured); refund it in Stripe, then cancel.',
        );
      try {
        const refund = await payments.refundPayment(order.stripeAccountId, order.payment.intent, `refund-${publicId}`);
        details.refund = refund.id;
      } catch (err) {
        console.error(JSON.stringify({ refund: publicId, error: String(err) }));
        throw new DomainError(
          'PAYMENT_PROVIDER',
          isStripeRefusal(err)
            ? 'Stripe refused the refund; nothing was changed.'
            : 'Stripe could not be reached; nothing was changed. Try again.',
        );
      }
    } else details.refund = 'offline: to be handed back by the shop';
  }
  const results = await db.batch(
    cancelOrderStatements(db, {
      id: order.id,
      hubId,
      paymentFrom: order.paymentState,
      paymentTo,
      userId: auditActor(actor).userId,
      details,
      now,
    }),
  );
  if (results.at(-1)!.rowsAffected !== 1) throw new DomainError('STATE_CONFLICT', 'The order changed meanwhile; reload it and try again.');
  return { id: publicId, state: 'cancelled' as const, paymentState: paymentTo };
}

/** The states a hub moves an order to by hand; cancelling has its own use case (stock, refunds). */
export const MANUAL_ORDER_STATES = ['ready', 'collected', 'delivered'] as const;

export async function moveOrder({
  db,
  hubId,
  publicId,
  to,
  actor,
  now,
}: {
  db: Db;
  hubId: number;
  publicId: string;
  to: (typeof MANUAL_ORDER_STATES)[number];
  actor: Actor;
  now: number;
}) {
  const order = await orderForCancel(db, hubId, publicId);
  if (!order) throw new DomainError('NOT_FOUND', 'No such order in this shop.');
  // Collected is for pickups, delivered for deliveries: the record says what happened to the bag.
  if (to !== 'ready' && to !== handOverState(order.shippingKind)) {
    throw new DomainError(
      'STATE_CONFLICT',
      to === 'collected' ? 'This order is delivered, not collected.' : 'This order is collected, not delivered.',
      { details: { state: order.state } },
    );
  }
  if (!canMoveOrder(order.state, to))
    throw new DomainError('STATE_CONFLICT', `An order that is ${order.state} cannot become ${to}.`, { details: { state: order.state } });
  const who = auditActor(actor);
  const [, moved] = await db.batch(
    batchOf(
      moveOrderStatements(db, {
        id: order.id,
        hubId,
        from: order.state as OrderState,
        to,
        userId: who.userId,
        details: { from: order.state, ...who.via },
        now,
      }),
      // « Ready » tells the shopper, only if the move above happened (changes() is the order update's).
      to === 'ready'
        ? orderMessageStatements(db, {
            where: sql`o.id = ${order.id} AND o.state = 'ready' AND changes() = 1`,
            topics: ['order.ready.shopper'],
            now,
            siteUrl: '',
          })
        : [],
    ),
  );
  if (moved.rowsAffected !== 1) throw new DomainError('STATE_CONFLICT', 'The order changed meanwhile; reload it and try again.');
  return { id: publicId, state: to, paymentState: order.paymentState };
}
