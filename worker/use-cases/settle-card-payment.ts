// Brings an order in line with what Stripe says of its payment session: paid → placed and paid;
// expired or failed → attempt cancelled, stock released, cart reopened; still processing → held.
// One guarded batch each, so the webhook, the sweep and the shopper's cancel can all call it, in any
// order and any number of times, with one effect; the outcome says what this call actually changed.
import type { Db } from '../../db/core/client.ts';
import {
  cardAttemptEndedStatements,
  cardPaymentProcessingStatements,
  cardPaymentSucceededStatements,
  isDuplicateEvent,
  recordEventStatements,
  type PaymentOrder,
  type ProviderEvent,
} from '../../db/orders/card-payments.ts';
import type { Statements } from '../../db/core/batch.ts';
import { invoiceYear } from '../../domain/invoices.ts';
import type { CheckoutSession } from '../stripe.ts';

/**
 * paid: the order is now placed and paid; paid-late: a payment was recorded on an attempt already
 * cancelled; ended: the attempt is now cancelled; processing: held while the bank decides; open: the
 * session can still be paid; unchanged: the order was already there; duplicate: this event was seen.
 */
export type Settlement = 'paid' | 'paid-late' | 'ended' | 'processing' | 'open' | 'unchanged' | 'duplicate';

export interface SettleInput {
  db: Db;
  order: Pick<PaymentOrder, 'publicId'>;
  session: CheckoutSession;
  /** The webhook event that says so, recorded in the same transaction; none for the sweep. */
  event?: ProviderEvent | undefined;
  /** Stripe says the delayed payment failed (the session itself is complete). */
  failed?: boolean;
  /** Why an attempt ended, for the audit log. */
  reason?: string;
  siteUrl: string;
  now: number;
}

export async function settleFromSession({
  db,
  order,
  session,
  event,
  failed = false,
  reason,
  siteUrl,
  now,
}: SettleInput): Promise<Settlement> {
  const said = saidBy(session, failed);
  let statements: Statements | null = null;
  let lateFlip = -1;
  switch (said) {
    case 'paid': {
      const built = cardPaymentSucceededStatements(db, {
        publicId: order.publicId,
        sessionId: session.id,
        paymentIntentId: typeof session.payment_intent === 'string' ? session.payment_intent : (session.payment_intent?.id ?? null),
        amountCents: session.amount_total ?? 0,
        event,
        siteUrl: siteUrl || originOf(session.success_url),
        now,
        year: invoiceYear(now),
      });
      statements = built.statements;
      lateFlip = built.lateFlip;
      break;
    }
    case 'ended':
      statements = cardAttemptEndedStatements(db, {
        publicId: order.publicId,
        reason: reason ?? (failed ? 'payment_failed' : 'session_expired'),
        event,
        now,
      });
      break;
    case 'processing':
      statements = cardPaymentProcessingStatements(db, { publicId: order.publicId, sessionId: session.id, event, now });
      break;
    case 'open':
      statements = event ? recordEventStatements(db, event, now) : null;
      break;
  }
  if (!statements) return said;
  let results: Array<{ rowsAffected?: number }>;
  try {
    results = (await db.batch(statements)) as Array<{ rowsAffected?: number }>;
  } catch (err) {
    if (event && isDuplicateEvent(err)) return 'duplicate';
    throw err;
  }
  if (said === 'open') return 'open';
  // Every batch ends with the statement that moves the order; if it matched nothing, nothing moved.
  if ((results.at(-1)?.rowsAffected ?? 0) > 0) return said;
  if (said === 'paid' && (results[lateFlip]?.rowsAffected ?? 0) > 0) return 'paid-late';
  return 'unchanged';
}

function saidBy(session: CheckoutSession, failed: boolean): 'paid' | 'ended' | 'processing' | 'open' {
  if (failed || session.status === 'expired') return 'ended';
  if (session.status === 'complete') return session.payment_status === 'unpaid' ? 'processing' : 'paid';
  return 'open';
}

/** The event's id is already recorded: this is a replay (or a concurrent delivery) of it. */

function originOf(url: string | null | undefined): string {
  try {
    return url ? new URL(url).origin : '';
  } catch {
    return '';
  }
}
