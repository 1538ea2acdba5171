// Ending card payment attempts that will not be paid: the shopper's « change my cart » and the sweep of
// reservations past their time. Both ask Stripe to expire the session first, so it can never be paid
// afterwards; if Stripe answers that it was paid meanwhile, the order is completed instead.
import type { Db } from '../../db/core/client.ts';
import { cardAttemptEndedStatements, expiredReservations, orderForPayment } from '../../db/orders/card-payments.ts';
import { DomainError } from '../../domain/errors.ts';
import { isStripeRefusal, type CardPayments, type CheckoutSession } from '../stripe.ts';
import { settleFromSession, type Settlement } from './settle-card-payment.ts';

/** How long past its end an attempt waits for its webhook when Stripe cannot be asked. */
const UNCHECKED_GRACE_MS = 60 * 60_000;

/** Stripe's answer once the session can no longer be paid: expired now, or already complete/expired. */
async function closeSession(payments: CardPayments, account: string, sessionId: string): Promise<CheckoutSession> {
  try {
    return await payments.expireSession(account, sessionId);
  } catch (err) {
    // Only an open session can be expired: read what became of it instead.
    if (isStripeRefusal(err)) return payments.retrieveSession(account, sessionId);
    throw err;
  }
}

/**
 * The shopper gives up the payment under way to change the cart or pay otherwise. Returns what the
 * order became: 'ended' (cart reopened), or 'paid' if the payment went through before the cancel.
 */
export async function cancelCardAttempt({
  db,
  payments,
  publicId,
  siteUrl,
  now,
}: {
  db: Db;
  payments: CardPayments | null;
  publicId: string;
  siteUrl: string;
  now: number;
}): Promise<Settlement | 'unchanged'> {
  const order = await orderForPayment(db, publicId);
  if (!order) throw new DomainError('NOT_FOUND', 'No such order.');
  if (order.state !== 'checkout') return 'unchanged';
  if (order.sessionId) {
    if (!payments || !order.stripeAccountId)
      throw new DomainError('PAYMENT_PROVIDER', 'Card payment is not configured: the payment cannot be cancelled now.');
    let session: CheckoutSession;
    try {
      session = await closeSession(payments, order.stripeAccountId, order.sessionId);
    } catch (err) {
      console.error(JSON.stringify({ order: publicId, stripe: 'session not expired', error: String(err) }));
      throw new DomainError('PAYMENT_PROVIDER', 'The payment service cannot be reached to cancel the payment; try again in a moment.');
    }
    return settleFromSession({ db, order, session, reason: 'cancelled_by_shopper', siteUrl, now });
  }
  // No session was ever handed out for this attempt: nothing at Stripe can be paid.
  await db.batch(cardAttemptEndedStatements(db, { publicId, reason: 'cancelled_by_shopper', now }));
  return 'ended';
}

/**
 * The scheduled sweep: attempts whose reservation has ended are settled by what Stripe says (expired
 * → stock back; paid but the webhook never came → placed). Without a session id, nobody was ever sent
 * to pay, and Stripe's own expiry (the session's expires_at is the reservation's end) covers the rest.
 */
export async function expireReservations({
  db,
  payments,
  now,
  siteUrl,
  limit = 25,
}: {
  db: Db;
  payments: CardPayments | null;
  now: number;
  siteUrl: string;
  limit?: number;
}) {
  const due = await expiredReservations(db, now, limit);
  const results: Record<string, Settlement | 'error'> = {};
  for (const o of due) {
    try {
      if (!o.sessionId) {
        await db.batch(cardAttemptEndedStatements(db, { publicId: o.publicId, reason: 'reservation_ended', now }));
        results[o.publicId] = 'ended';
        continue;
      }
      if (!payments || !o.stripeAccountId) {
        // Card payment was switched off meanwhile, so Stripe cannot be asked. The session ended at the
        // reservation's end (its expires_at); a payment made just before would have had its webhook
        // within the grace period, and one arriving later still is recorded as a late payment.
        if (o.reservedUntil !== null && now - o.reservedUntil < UNCHECKED_GRACE_MS) continue;
        await db.batch(cardAttemptEndedStatements(db, { publicId: o.publicId, reason: 'reservation_ended_unchecked', now }));
        results[o.publicId] = 'ended';
        continue;
      }
      const session = await closeSession(payments, o.stripeAccountId, o.sessionId);
      results[o.publicId] = await settleFromSession({ db, order: o, session, reason: 'reservation_ended', siteUrl, now });
    } catch (err) {
      // Stripe unreachable: try again on the next run; the stock stays reserved meanwhile.
      results[o.publicId] = 'error';
      console.error(JSON.stringify({ job: 'expire-reservations', order: o.publicId, error: String(err) }));
    }
  }
  return results;
}
