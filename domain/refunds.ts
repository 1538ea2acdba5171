// Money owed back on a card order, spread over the card payments it was paid with: an order can hold
// several (its Checkout, then a paid change's second session), and Stripe refunds each payment only
// up to what is left of it. Pure: the worker reads the rows and makes the refunds this plans.

export interface PaidCardPayment {
  id: number;
  amountCents: number;
  createdAt: number;
}

export interface CardMoneyBack {
  id: number;
  state: 'owed' | 'refunded' | 'repaid';
  amountCents: number;
  createdAt: number;
}

export interface RefundPart {
  paymentId: number;
  amountCents: number;
}

export interface OwedRefundPlan {
  rowId: number;
  /** One refund per payment touched, newest payment first. */
  parts: RefundPart[];
  /** What no payment has left to refund (the order was raised without being paid for): stays owed. */
  beyondCents: number;
}

/**
 * The rule: money owed by a correction comes back from the payments made before it, newest first,
 * never more than what each has left. The money_back rows do not name their payment, so what each
 * payment has left is found by replaying the refunds already made under the same rule (a split
 * refund's parts each exhaust their payment but the last, so the replay lands where they went).
 */
export function planCardRefunds(payments: readonly PaidCardPayment[], rows: readonly CardMoneyBack[]): OwedRefundPlan[] {
  return spread(payments, rows).plans;
}

/** What each payment has left to refund after what was given back (a cancellation refunds only those with something left). */
export function cardPaymentsLeft(payments: readonly PaidCardPayment[], rows: readonly CardMoneyBack[]): Map<number, number> {
  return spread(payments, rows).left;
}

function spread(payments: readonly PaidCardPayment[], rows: readonly CardMoneyBack[]) {
  const left = new Map(payments.map((p) => [p.id, p.amountCents]));
  const newestFirst = [...payments].sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
  const take = (row: CardMoneyBack): OwedRefundPlan => {
    let rest = row.amountCents;
    const parts: RefundPart[] = [];
    for (const p of newestFirst) {
      if (rest === 0) break;
      if (p.createdAt > row.createdAt) continue;
      const n = Math.min(rest, left.get(p.id) ?? 0);
      if (n <= 0) continue;
      left.set(p.id, (left.get(p.id) ?? 0) - n);
      parts.push({ paymentId: p.id, amountCents: n });
      rest -= n;
    }
    return { rowId: row.id, parts, beyondCents: rest };
  };
  const inOrder = (a: CardMoneyBack, b: CardMoneyBack) => a.createdAt - b.createdAt || a.id - b.id;
  // What was given back has left the payments already; what is still owed is taken from what remains.
  for (const r of rows.filter((x) => x.state === 'refunded').sort(inOrder)) take(r);
  const refundedLeft = new Map(left);
  const plans = rows
    .filter((x) => x.state === 'owed')
    .sort(inOrder)
    .map(take);
  return { plans, left: refundedLeft };
}
