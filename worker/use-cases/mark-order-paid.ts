// A hub records that an order paid offline (cash, cheque, transfer at collection) has been paid:
// the payment and the order move to paid, and the audit log says who did it and when.
import type { Statement } from '../../db/core/batch.ts';
import type { Db } from '../../db/core/client.ts';
import { markPaidStatements, orderPaymentFacts } from '../../db/orders/order-records.ts';
import { DomainError } from '../../domain/errors.ts';
import { canMovePayment, isSale } from '../../domain/orders.ts';

export interface MarkOrderPaidInput {
  db: Db;
  orderPublicId: string;
  /** The hub acting: only its own orders can be marked. */
  enterpriseId: number;
  /** The manager (null for an API token) and how they acted, e.g. "back-office" or "api-token:12". */
  actor: { userId: number | null; via: string };
  now: number;
  /** Statements written in the same batch, after the order's update (e.g. the shopper's message). */
  alsoInBatch?: (orderId: number) => Statement[];
}

export async function markOrderPaid({ db, orderPublicId, enterpriseId, actor, now, alsoInBatch }: MarkOrderPaidInput) {
  const order = await orderPaymentFacts(db, orderPublicId);
  // Another hub's order is answered as unknown: its existence is none of the caller's business.
  if (!order || order.hubId !== enterpriseId) throw new DomainError('NOT_FOUND', 'No such order in this shop.');
  if (order.paymentKind !== 'offline')
    throw new DomainError('STATE_CONFLICT', 'Card payments are recorded by the payment service, not by hand.');
  if (!isSale(order.state))
    throw new DomainError(
      'STATE_CONFLICT',
      `An order that is ${order.state === 'cancelled' ? 'cancelled' : 'not placed'} cannot be marked paid.`,
      { details: { state: order.state } },
    );
  if (!canMovePayment(order.paymentState, 'paid')) {
    throw new DomainError(
      'STATE_CONFLICT',
      order.paymentState === 'paid'
        ? 'This order is already marked paid.'
        : `A payment that is ${order.paymentState} cannot be marked paid.`,
      { details: { paymentState: order.paymentState } },
    );
  }
  const results = await db.batch([
    ...markPaidStatements(db, { orderId: order.id, from: order.paymentState, userId: actor.userId, enterpriseId, via: actor.via, now }),
    ...(alsoInBatch?.(order.id) ?? []),
  ]);
  if (results[2].rowsAffected !== 1) throw new DomainError('STATE_CONFLICT', 'The order changed meanwhile; reload it and try again.');
  return { id: orderPublicId, paymentState: 'paid' as const, markedAt: now };
}
