// A shopper changes or cancels their own order until the cycle closes, where the hub allows it,
// through the hub's own correction and cancellation (same pricing, same guarded batch, same credit
// notes). An offline order is simply updated; a card order costing less is refunded the difference;
// one costing more waits for a second Checkout Session, whose webhook applies it once
// (settleOrderChange) or, if the order moved meanwhile, refunds that payment. A card order is left
// alone while card money cannot move (no Stripe key, or the hub has no connected account).
import type { Db } from '../../db/core/client.ts';
import { isDuplicateEvent, recordEventStatements, type ProviderEvent } from '../../db/orders/card-payments.ts';
import {
  changeEndedStatement,
  changePaidStatements,
  insertOrderChange,
  orderChangeByPublicId,
  ownOrderFacts,
  recordChangeSession,
  type OwnOrder,
} from '../../db/orders/order-changes.ts';
import type { LineChange } from '../../domain/corrections.ts';
import { DomainError } from '../../domain/errors.ts';
import { newPublicId } from '../../domain/ids.ts';
import {
  CHANGE_PAYMENT_MS,
  OWN_CHANGE_REFUSED,
  ownChangeRefusal,
  type OwnChangeRefusal,
  type OwnOrderFacts,
} from '../../domain/own-orders.ts';
import { orderPath } from '../links.ts';
import { shortRef } from '../pages/order-text.ts';
import type { CardPayments, CheckoutSession, Refunds } from '../stripe.ts';
import { cancelOrder } from '../use-cases/cancel-order.ts';
import { correctOrder, planCorrection } from '../use-cases/correct-order.ts';

/** What the shopper asks for: the new quantity of each product (0 removes it; one not in the order is added). */
export interface OwnChange {
  variantId: number;
  quantity: number;
}

const SHOPPER = { userId: null, via: { via: 'shopper' } };

/**
 * The rule applied to an order as read (by ownOrderFacts, or as a row of « Mes commandes »): card
 * money moves only with the worker's Stripe client (cardPaymentsFor and refundsFor share its key)
 * and the hub's connected account.
 */
export function ownRefusal(
  o: Omit<OwnOrderFacts, 'cardPayments'> & { cardAccount: boolean },
  payments: CardPayments | null,
  now: number,
): OwnChangeRefusal | null {
  return ownChangeRefusal({ ...o, cardPayments: payments !== null && o.cardAccount }, now);
}

/** ownRefusal for the order ownOrderFacts read. */
export const ownOrderRefusal = (o: OwnOrder, payments: CardPayments | null, now: number) =>
  ownRefusal({ ...o, pendingSince: o.pending?.createdAt ?? null, cardAccount: o.stripeAccountId !== null }, payments, now);

/** A refusal as the error the pages and the API answer with, in the shopper's words. */
const refusedError = (refusal: OwnChangeRefusal) =>
  new DomainError(refusal.code, OWN_CHANGE_REFUSED.en[refusal.reason], {
    fields: [{ field: 'order', message: OWN_CHANGE_REFUSED.fr[refusal.reason] }],
    details: { reason: refusal.reason },
  });

/** The order behind the link, once the rule lets its shopper change it now; else a DomainError in their words. */
async function changeable(db: Db, publicId: string, payments: CardPayments | null, now: number): Promise<OwnOrder> {
  const o = await ownOrderFacts(db, publicId);
  if (!o) throw new DomainError('NOT_FOUND', 'No such order.');
  const refusal = ownOrderRefusal(o, payments, now);
  if (refusal) throw refusedError(refusal);
  return o;
}

/** The shopper's new quantities as the correction's line changes: only what differs from the order. */
export function lineChangesOf(lines: readonly { id: number; variantId: number; quantity: number }[], asked: readonly OwnChange[]) {
  const changes: LineChange[] = [];
  const seen = new Set<number>();
  for (const a of asked) {
    if (seen.has(a.variantId))
      throw new DomainError('VALIDATION', 'A product is named twice.', { fields: [{ field: 'lines', message: 'Produit en double.' }] });
    seen.add(a.variantId);
    const line = lines.find((l) => l.variantId === a.variantId);
    if (line) {
      if (line.quantity !== a.quantity) changes.push({ kind: 'quantity', lineId: line.id, quantity: a.quantity });
    } else if (a.quantity > 0) changes.push({ kind: 'add', variantId: a.variantId, quantity: a.quantity });
  }
  return changes;
}

/** correctOrder found the order or its prices moved since the change was planned: nothing was changed. */
const movedMeanwhile = () =>
  new DomainError('STATE_CONFLICT', 'The order or its prices changed meanwhile; nothing was changed. Check it and try again.', {
    fields: [
      { field: 'order', message: 'La commande ou ses prix ont changé entre-temps : rien n’a été modifié. Vérifiez-la et réessayez.' },
    ],
  });

export type OwnChangeOutcome =
  | { outcome: 'changed'; totalCents: number; refundedCents: number; owedCents: number }
  | { outcome: 'payment-required'; amountCents: number; paymentUrl: string; changeId: string };

export async function changeOwnOrder({
  db,
  payments,
  refunds,
  publicId,
  asked,
  now,
  siteUrl,
}: {
  db: Db;
  payments: CardPayments | null;
  refunds: Refunds | null;
  publicId: string;
  asked: readonly OwnChange[];
  now: number;
  siteUrl: string;
}): Promise<OwnChangeOutcome> {
  const o = await changeable(db, publicId, payments, now);
  // What the change costs decides between applying it now and asking for the difference first.
  let changes: LineChange[] = [];
  const plan = await planCorrection({
    db,
    hubId: o.hubId,
    publicId,
    changes: (lines) => (changes = lineChangesOf(lines, asked)),
    asShopper: true,
  });
  const { facts, correction } = plan;
  const difference = correction.totals.totalCents - facts.order.totalCents;
  if (o.paymentKind === 'offline' || difference <= 0) {
    // Applied as planned (the total the shopper is told); the batch's version guard refuses it if the
    // order changed in between.
    const done = await correctOrder({
      db,
      refunds,
      hubId: o.hubId,
      publicId,
      changes,
      actor: SHOPPER,
      now,
      siteUrl,
      by: 'shopper',
      plan,
    }).catch((err: unknown) => {
      if (err instanceof DomainError && err.code === 'STATE_CONFLICT') throw movedMeanwhile();
      throw err;
    });
    return { outcome: 'changed', totalCents: done.totalCents, refundedCents: done.refundedCents, owedCents: done.owedCents };
  }
  // A paid card order costing more: nothing changes until the difference is paid. The rule let it
  // through only with card payments on the hub's account.
  if (!payments || !o.stripeAccountId) throw refusedError({ code: 'SERVICE_UNAVAILABLE', reason: 'card-unavailable' });
  const changeId = newPublicId('chg');
  await insertOrderChange(db, {
    publicId: changeId,
    orderId: o.id,
    changes,
    orderVersion: facts.order.updatedAt,
    amountCents: difference,
    now,
  });
  const back = `${siteUrl}${orderPath(publicId, o.locale)}`;
  const session = await payments.createSession({
    account: o.stripeAccountId,
    orderPublicId: publicId,
    changePublicId: changeId,
    lines: [
      {
        name: o.locale === 'fr' ? `Modification de la commande ${shortRef(publicId)}` : `Change to order ${shortRef(publicId)}`,
        unitAmountCents: difference,
        quantity: 1,
      },
    ],
    customerEmail: o.email,
    locale: o.locale,
    expiresAt: Math.ceil((now + CHANGE_PAYMENT_MS) / 1000) + 60,
    successUrl: `${back}?${o.locale === 'fr' ? 'modification' : 'change'}=ok`,
    cancelUrl: back,
    idempotencyKey: `change-${changeId}`,
  });
  await recordChangeSession(db, changeId, session.id, session.url ?? null);
  return { outcome: 'payment-required', amountCents: difference, paymentUrl: session.url ?? back, changeId };
}

export async function cancelOwnOrder({
  db,
  payments,
  publicId,
  now,
  siteUrl,
}: {
  db: Db;
  payments: CardPayments | null;
  publicId: string;
  now: number;
  siteUrl: string;
}) {
  const o = await changeable(db, publicId, payments, now);
  return cancelOrder({ db, payments, hubId: o.hubId, publicId, actor: { kind: 'anonymous' }, reason: '', now, siteUrl, by: 'shopper' });
}

/**
 * The second payment's session settled: paid → the change applies, once, to the order as it was when
 * asked (else the payment is refunded whole); expired → the change is dropped, the order unchanged.
 */
export async function settleOrderChange({
  db,
  payments,
  changePublicId,
  session,
  event,
  siteUrl,
  now,
}: {
  db: Db;
  payments: CardPayments | null;
  changePublicId: string;
  session: CheckoutSession;
  event: ProviderEvent;
  siteUrl: string;
  now: number;
}): Promise<'applied' | 'dropped' | 'refunded' | 'unchanged' | 'duplicate' | 'open'> {
  const change = await orderChangeByPublicId(db, changePublicId);
  if (!change) return 'unchanged';
  const record = async (extra: Parameters<typeof db.batch>[0][number][] = []) => {
    try {
      await db.batch([...recordEventStatements(db, event, now), ...extra] as Parameters<typeof db.batch>[0]);
      return true;
    } catch (err) {
      if (isDuplicateEvent(err)) return false;
      throw err;
    }
  };
  if (change.state !== 'pending') return (await record()) ? 'unchanged' : 'duplicate';
  if (session.status === 'expired') return (await record([changeEndedStatement(db, change.id, 'dropped', now)])) ? 'dropped' : 'duplicate';
  if (session.status !== 'complete' || session.payment_status !== 'paid') return (await record()) ? 'open' : 'duplicate';
  const intent = typeof session.payment_intent === 'string' ? session.payment_intent : (session.payment_intent?.id ?? null);
  try {
    await correctOrder({
      db,
      refunds: null,
      hubId: change.hubId,
      publicId: change.orderPublicId,
      changes: change.changes as LineChange[],
      actor: { userId: null, via: { via: 'shopper', change: change.publicId, event: event.id } },
      now,
      siteUrl,
      by: 'shopper',
      expectVersion: change.orderVersion,
      expectIncreaseCents: change.amountCents,
      extra: (guard) => [
        ...recordEventStatements(db, event, now),
        ...changePaidStatements(db, {
          changeId: change.id,
          orderId: change.orderId,
          sessionId: session.id,
          intent,
          amountCents: session.amount_total ?? change.amountCents,
          now,
          guard,
        }),
      ],
    });
    return 'applied';
  } catch (err) {
    if (isDuplicateEvent(err)) return 'duplicate';
    if (!(err instanceof DomainError)) throw err;
    // Applied meanwhile by another delivery of the same payment: nothing to give back.
    const again = await orderChangeByPublicId(db, changePublicId);
    if (again?.state !== 'pending') return (await record()) ? 'unchanged' : 'duplicate';
    // The order or its prices moved (the hub changed it, stock ran out): the shopper gets this payment back whole.
    if (!payments || !change.stripeAccountId || !intent) throw err;
    await payments.refundPayment(change.stripeAccountId, intent, `change-refund-${change.publicId}`);
    return (await record([changeEndedStatement(db, change.id, 'refunded', now)])) ? 'refunded' : 'duplicate';
  }
}
