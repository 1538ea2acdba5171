// A hub cancels an order: confirmed on its page, with an optional reason the shopper reads. Stock goes
// back where it was taken, a paid card payment is refunded through Stripe first (if Stripe refuses,
// nothing changes here), an invoiced order gets its credit note, and the shopper is told.
import { cancelOrderStatements, orderForCancel, type MoneyBackRow } from '../../db/orders/hub-orders.ts';
import type { Db } from '../../db/core/client.ts';
import { DomainError } from '../../domain/errors.ts';
import { invoiceYear } from '../../domain/invoices.ts';
import { canMoveOrder, canMovePayment, type PaymentState } from '../../domain/orders.ts';
import { cardPaymentsLeft } from '../../domain/refunds.ts';
import type { Actor } from '../../domain/permissions.ts';
import { auditActor } from '../admin/shared/audit-actor.ts';
import { isStripeRefusal, type CardPayments } from '../stripe.ts';

export async function cancelOrder({
  db,
  payments,
  hubId,
  publicId,
  actor,
  reason,
  now,
  siteUrl = '',
  by = 'hub',
}: {
  db: Db;
  payments: CardPayments | null;
  hubId: number;
  publicId: string;
  actor: Actor;
  reason: string;
  now: number;
  /** Origin of the link in the shopper's message. */
  siteUrl?: string;
  /** Who cancels: the hub (default), or the shopper from their order page (then the hub is told). */
  by?: 'hub' | 'shopper';
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
  // refuses, the order stays as it is), in cash by the hub (recorded as owed until handed back). An
  // unpaid one keeps its payment state: there is nothing to give back.
  let paymentTo: PaymentState = order.paymentState;
  let moneyBack: MoneyBackRow[] | null = null;
  const details: Record<string, unknown> = { reason, from: order.state, ...(by === 'shopper' ? { by } : {}), ...auditActor(actor).via };
  if (order.paymentState === 'paid' && canMovePayment('paid', 'refunded')) {
    paymentTo = 'refunded';
    if (order.paymentKind === 'card') {
      // Usually one payment; a card order its shopper changed upwards was paid a second time, for the difference.
      const withIntent = order.payments.filter((p) => p.state === 'paid' && p.intent);
      if (!payments || !order.stripeAccountId || withIntent.length === 0)
        throw new DomainError(
          'PAYMENT_PROVIDER',
          'This card payment cannot be refunded from here (card payments are not configured); refund it in Stripe, then cancel.',
        );
      const refunds: MoneyBackRow[] = [];
      const first = Math.min(...withIntent.map((p) => p.id));
      // A payment that corrections already gave back whole has nothing left: Stripe would refuse its refund.
      const left = cardPaymentsLeft(withIntent, order.cardMoneyBack);
      const paid = withIntent.filter((p) => (left.get(p.id) ?? 0) > 0);
      try {
        for (const p of paid) {
          // Without an amount Stripe refunds what is left of the payment (after any partial refund).
          const key = p.id === first ? `refund-${publicId}` : `refund-${publicId}-${p.id}`;
          const refund = await payments.refundPayment(order.stripeAccountId, p.intent!, key);
          refunds.push({ kind: 'card', state: 'refunded', amountCents: refund.amount, refundId: refund.id });
        }
        details.refund = refunds.length === 1 ? refunds[0]!.refundId : refunds.map((r) => r.refundId);
        moneyBack = refunds;
      } catch (err) {
        console.error(JSON.stringify({ refund: publicId, error: String(err) }));
        throw new DomainError(
          'PAYMENT_PROVIDER',
          isStripeRefusal(err)
            ? 'Stripe refused the refund; nothing was changed.'
            : 'Stripe could not be reached; nothing was changed. Try again.',
        );
      }
    } else {
      details.refund = 'offline: to be handed back by the shop';
      moneyBack = [{ kind: 'offline', state: 'owed', amountCents: order.totalCents, refundId: null }];
    }
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
      year: invoiceYear(now),
      reason: reason || null,
      moneyBack,
      siteUrl,
      by,
    }),
  );
  if (results.at(-1)!.rowsAffected !== 1) throw new DomainError('STATE_CONFLICT', 'The order changed meanwhile; reload it and try again.');
  return { id: publicId, state: 'cancelled' as const, paymentState: paymentTo };
}
