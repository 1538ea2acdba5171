// Money back on a card order: what a correction recorded as owed is refunded through Stripe on the
// hub's account, spread over the order's paid card payments newest first (domain/refunds.ts), one
// refund per payment touched, each recorded as a money-back row with its refund id. The idempotency
// key names the row and the payment, so a retry or a replay refunds once; if Stripe fails the amount
// stays owed and shown, to be retried.
import { cardRefundFacts, refundPartRecordedStatements, refundRecordedStatement } from '../../db/orders/corrections.ts';
import { batchOf } from '../../db/core/batch.ts';
import type { Db } from '../../db/core/client.ts';
import { planCardRefunds } from '../../domain/refunds.ts';
import type { Refunds } from '../stripe.ts';

export async function refundOwedByCard({
  db,
  refunds,
  orderId,
  account,
}: {
  db: Db;
  refunds: Refunds | null;
  orderId: number;
  account: string | null;
}): Promise<{ refundedCents: number; owedCents: number }> {
  const { paid, rows } = await cardRefundFacts(db, orderId);
  const owedRows = rows.filter((r) => r.state === 'owed');
  const owedTotal = owedRows.reduce((n, r) => n + r.amountCents, 0);
  if (!refunds || !account) return { refundedCents: 0, owedCents: owedTotal };
  // A payment Stripe gave no intent for cannot be refunded through the API.
  const refundable = paid.filter((p) => p.intent !== null);
  const intentOf = new Map(refundable.map((p) => [p.id, p.intent!]));
  // The order's own payment keeps the key refunds were made with before they were spread (a row owed then, retried now).
  const first = Math.min(...refundable.map((p) => p.id));
  let refundedCents = 0;
  // In the plan's order, stopping at the first failure: what was refunded is always the plan's start,
  // which is what lets the next plan replay it (domain/refunds.ts); the rest stays owed for a retry.
  plans: for (const plan of planCardRefunds(refundable, rows)) {
    let owed = owedRows.find((r) => r.id === plan.rowId)!.amountCents;
    for (const part of plan.parts) {
      const key = part.paymentId === first ? `money-back-${plan.rowId}` : `money-back-${plan.rowId}-${part.paymentId}`;
      try {
        const refund = await refunds.refund(account, intentOf.get(part.paymentId)!, part.amountCents, key);
        await db.batch(
          batchOf(
            part.amountCents === owed
              ? refundRecordedStatement(db, plan.rowId, refund.id)
              : refundPartRecordedStatements(db, { id: plan.rowId, owedCents: owed, partCents: part.amountCents, refundId: refund.id }),
          ),
        );
        refundedCents += part.amountCents;
        owed -= part.amountCents;
      } catch (err) {
        console.error(JSON.stringify({ moneyBack: plan.rowId, payment: part.paymentId, error: String(err) }));
        break plans;
      }
    }
  }
  return { refundedCents, owedCents: owedTotal - refundedCents };
}
