// Money back on a card order: what a correction recorded as owed is refunded through Stripe on the
// hub's account, one refund per money-back row (its id is the idempotency key, so a retry or a
// replay refunds once); if Stripe fails the amount stays owed and shown, to be retried.
import { owedByCard, refundRecordedStatement } from '../../db/orders/corrections.ts';
import type { Db } from '../../db/core/client.ts';
import type { Refunds } from '../stripe.ts';

export async function refundOwedByCard({
  db,
  refunds,
  orderId,
  account,
  intent,
}: {
  db: Db;
  refunds: Refunds | null;
  orderId: number;
  account: string | null;
  intent: string | null;
}): Promise<{ refundedCents: number; owedCents: number }> {
  const owed = await owedByCard(db, orderId);
  let refundedCents = 0;
  let owedCents = 0;
  for (const row of owed) {
    if (!refunds || !account || !intent) {
      owedCents += row.amountCents;
      continue;
    }
    try {
      const refund = await refunds.refund(account, intent, row.amountCents, `money-back-${row.id}`);
      await db.batch([refundRecordedStatement(db, row.id, refund.id)]);
      refundedCents += row.amountCents;
    } catch (err) {
      console.error(JSON.stringify({ moneyBack: row.id, error: String(err) }));
      owedCents += row.amountCents;
    }
  }
  return { refundedCents, owedCents };
}
