// How money owed back on a card order is spread over its card payments: newest first, never more than
// what each has left, a correction's money coming only from payments made before it.
import { describe, expect, it } from 'vitest';
import { planCardRefunds } from '../../domain/refunds.ts';

const pay = (id: number, amountCents: number, createdAt: number) => ({ id, amountCents, createdAt });
const row = (id: number, state: 'owed' | 'refunded', amountCents: number, createdAt: number) => ({ id, state, amountCents, createdAt });

describe('planCardRefunds', () => {
  it('takes from the newest payment first, then the older one for the rest', () => {
    expect(planCardRefunds([pay(1, 3000, 10), pay(2, 1000, 20)], [row(7, 'owed', 1500, 30)])).toEqual([
      {
        rowId: 7,
        parts: [
          { paymentId: 2, amountCents: 1000 },
          { paymentId: 1, amountCents: 500 },
        ],
        beyondCents: 0,
      },
    ]);
  });

  it('counts what was given back already, where it was given: before the second payment it came from the first', () => {
    // 5 € refunded when only the first payment existed; then a change paid 10 €; now 35 € owed.
    const plan = planCardRefunds([pay(1, 3000, 10), pay(2, 1000, 20)], [row(1, 'refunded', 500, 15), row(2, 'owed', 3500, 30)]);
    expect(plan).toEqual([
      {
        rowId: 2,
        parts: [
          { paymentId: 2, amountCents: 1000 },
          { paymentId: 1, amountCents: 2500 },
        ],
        beyondCents: 0,
      },
    ]);
  });

  it('replays a split refund where it went, and keeps what no payment has left as owed', () => {
    // A 15 € row was half refunded (the 10 € part on the newest payment); its 5 € rest is still owed.
    const plan = planCardRefunds([pay(1, 3000, 10), pay(2, 1000, 20)], [row(3, 'owed', 500, 30), row(4, 'refunded', 1000, 30)]);
    expect(plan).toEqual([{ rowId: 3, parts: [{ paymentId: 1, amountCents: 500 }], beyondCents: 0 }]);
    expect(planCardRefunds([pay(1, 1000, 10)], [row(5, 'owed', 1200, 30)])).toEqual([
      { rowId: 5, parts: [{ paymentId: 1, amountCents: 1000 }], beyondCents: 200 },
    ]);
  });

  it('never takes from a payment made after the money was owed', () => {
    expect(planCardRefunds([pay(1, 1000, 10), pay(2, 1000, 40)], [row(6, 'owed', 300, 30)])).toEqual([
      { rowId: 6, parts: [{ paymentId: 1, amountCents: 300 }], beyondCents: 0 },
    ]);
  });
});
