// What a verified Stripe event changes. Checkout Session events carry the order's public id in their
// metadata, so an event finds its order even if it arrives before the session id was recorded; the
// settlement is guarded by the order's state, so late, early or repeated events change nothing twice.
import type { Db } from '../../db/core/client.ts';
import { orderForPayment } from '../../db/orders/card-payments.ts';
import { isPublicId } from '../../domain/ids.ts';
import type { StripeEvent } from '../stripe.ts';
import { settleFromSession, type Settlement } from './settle-card-payment.ts';

export type EventOutcome = Settlement | 'ignored';

export async function handleStripeEvent({
  db,
  event,
  siteUrl,
  now,
}: {
  db: Db;
  event: StripeEvent;
  siteUrl: string;
  now: number;
}): Promise<{ outcome: EventOutcome; order?: string; reason?: string }> {
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
    case 'checkout.session.async_payment_failed':
    case 'checkout.session.expired': {
      const session = event.data.object;
      const publicId = session.metadata?.order_id ?? session.client_reference_id ?? '';
      if (!isPublicId(publicId, 'ord')) return { outcome: 'ignored', reason: 'not a Comptoir checkout session' };
      const order = await orderForPayment(db, publicId);
      if (!order) return { outcome: 'ignored', order: publicId, reason: 'unknown order' };
      // Direct charges on a hub's account arrive with that account: another account cannot settle this order.
      if (event.account && event.account !== order.stripeAccountId)
        return { outcome: 'ignored', order: publicId, reason: `event from ${event.account}, order sold by ${order.stripeAccountId}` };
      const outcome = await settleFromSession({
        db,
        order,
        session,
        event: { id: event.id, provider: 'stripe', type: event.type },
        failed: event.type === 'checkout.session.async_payment_failed',
        siteUrl,
        now,
      });
      return { outcome, order: publicId };
    }
    default:
      // Only the events above are subscribed to; anything else is acknowledged and left alone.
      return { outcome: 'ignored', reason: `event type ${event.type} is not handled` };
  }
}
