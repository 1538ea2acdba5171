// What a verified Stripe event changes. Checkout Session events carry the order's public id in their
// metadata, so an event finds its order even if it arrives before the session id was recorded; the
// settlement is guarded by the order's state, so late, early or repeated events change nothing twice.
// account.updated (a Connect event, carrying the hub's account) records whether the hub can charge.
import { batchOf } from '../../db/core/batch.ts';
import type { Db } from '../../db/core/client.ts';
import { hubOfAccount, recordAccountStateStatement } from '../../db/enterprises/stripe-connect.ts';
import { isDuplicateEvent, orderForPayment, recordEventStatements } from '../../db/orders/card-payments.ts';
import { markStaleStatements } from '../../db/publishing/stale-pages.ts';
import { isPublicId } from '../../domain/ids.ts';
import { settleOrderChange } from '../shoppers/own-order.ts';
import type { CardPayments, StripeEvent } from '../stripe.ts';
import { settleFromSession, type Settlement } from './settle-card-payment.ts';

/** account-recorded: the hub's Stripe state is now what the event says; account-unchanged: a newer state was already there. */
export type EventOutcome = Settlement | 'ignored' | 'account-recorded' | 'account-unchanged' | `change-${ChangeSettlement}`;
type ChangeSettlement = Awaited<ReturnType<typeof settleOrderChange>>;

export async function handleStripeEvent({
  db,
  event,
  siteUrl,
  now,
  payments = null,
}: {
  db: Db;
  event: StripeEvent;
  siteUrl: string;
  now: number;
  /** To refund a shopper's paid change that could no longer apply; without it that event is retried. */
  payments?: CardPayments | null;
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
      // The second payment of a shopper's change to an order already paid: it settles the change, never the order's own payment.
      const changeId = session.metadata?.change_id;
      if (changeId) {
        if (!isPublicId(changeId, 'chg')) return { outcome: 'ignored', order: publicId, reason: 'malformed change id' };
        if (event.type === 'checkout.session.async_payment_succeeded' || event.type === 'checkout.session.async_payment_failed')
          return { outcome: 'ignored', order: publicId, reason: 'change sessions take cards only' };
        const outcome = await settleOrderChange({
          db,
          payments,
          changePublicId: changeId,
          session,
          event: { id: event.id, provider: 'stripe', type: event.type },
          siteUrl: siteUrl || originOf(session.success_url),
          now,
        });
        return { outcome: `change-${outcome}`, order: publicId };
      }
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
    case 'account.updated': {
      const account = event.data.object;
      // A Connect event names the connected account it is about; it must be the object's own.
      if (event.account && event.account !== account.id)
        return { outcome: 'ignored', reason: `event from ${event.account} about ${account.id}` };
      const hubId = await hubOfAccount(db, account.id);
      if (hubId === null) return { outcome: 'ignored', reason: `no hub has account ${account.id}` };
      const state = {
        chargesEnabled: account.charges_enabled === true,
        payoutsEnabled: account.payouts_enabled === true,
        detailsSubmitted: account.details_submitted === true,
      };
      try {
        // The event first: a replay hits its primary key and the whole batch rolls back.
        const results = (await db.batch(
          batchOf(
            recordEventStatements(db, { id: event.id, provider: 'stripe', type: event.type }, now),
            recordAccountStateStatement(db, account.id, state, event.created * 1000),
            // Whether the shop can take cards decides whether it shows open.
            markStaleStatements(db, { kind: 'hub', enterpriseId: hubId }, 'stripe.account-updated'),
          ),
        )) as Array<{ rowsAffected?: number }>;
        const recorded = (results[1]?.rowsAffected ?? 0) > 0;
        return { outcome: recorded ? 'account-recorded' : 'account-unchanged', reason: JSON.stringify(state) };
      } catch (err) {
        if (isDuplicateEvent(err)) return { outcome: 'duplicate' };
        throw err;
      }
    }
    default:
      // Only the events above are subscribed to; anything else is acknowledged and left alone.
      return { outcome: 'ignored', reason: `event type ${event.type} is not handled` };
  }
}

/** The event's id is already recorded: this is a replay (or a concurrent delivery) of it. */

function originOf(url: string | null | undefined): string {
  try {
    return url ? new URL(url).origin : '';
  } catch {
    return '';
  }
}
