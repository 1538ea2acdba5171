// An order corrected after it was placed (pickup day: a missing item, the real weight of a chicken,
// an item added): one use case taking the order and a list of line changes, so the shopper's own
// change can reuse it. Recomputed with the pricing code everyone uses, applied in one guarded batch
// (stock moved where it was taken, never oversold), audited, e-mailed to the shopper; the difference
// is a credit note (less) or a supplementary invoice (more), and a paid order costing less gives
// money back (refunded by card, or recorded as owed in cash).
import { addableItems, correctionStatements, orderForCorrection } from '../../db/orders/corrections.ts';
import { constraintCode } from '../../db/core/batch.ts';
import type { Db } from '../../db/core/client.ts';
import { correctOrderLines, documentTotals, type AddableItem, type LineChange } from '../../domain/corrections.ts';
import { DomainError } from '../../domain/errors.ts';
import { invoiceYear } from '../../domain/invoices.ts';
import { isSale } from '../../domain/orders.ts';
import type { Refunds } from '../stripe.ts';
import { refundOwedByCard } from './refund.ts';

export type { LineChange };

export async function correctOrder({
  db,
  refunds,
  hubId,
  publicId,
  changes,
  actor,
  now,
  siteUrl,
}: {
  db: Db;
  refunds: Refunds | null;
  hubId: number;
  publicId: string;
  changes: readonly LineChange[];
  /** Who corrects (a manager's user id, null for a token) and how, for the audit log. */
  actor: { userId: number | null; via: Record<string, unknown> };
  now: number;
  siteUrl: string;
}) {
  const facts = await orderForCorrection(db, hubId, publicId);
  if (!facts) throw new DomainError('NOT_FOUND', 'No such order in this shop.');
  const o = facts.order;
  if (!isSale(o.state))
    throw new DomainError('STATE_CONFLICT', `An order that is ${o.state} cannot be corrected.`, { details: { state: o.state } });
  const added = changes.flatMap((ch) => (ch.kind === 'add' ? [ch.variantId] : []));
  const items = await addableItems(db, facts, added);
  const addable = new Map<number, AddableItem>(items.map((i) => [i.variantId, i]));
  const correction = correctOrderLines({
    lines: facts.lines,
    changes,
    addable,
    cycleFees: facts.cycleFees,
    hubId,
    shipping: { cents: o.shippingCents, vatRateBp: o.shippingVatRateBp },
    orderFeesBefore: facts.orderFees,
    locale: o.locale,
  });
  for (const ch of changes) {
    if (ch.kind !== 'add') continue;
    const item = items.find((i) => i.variantId === ch.variantId);
    if (item && !item.onDemand && item.onHand < ch.quantity)
      throw new DomainError('OUT_OF_STOCK', 'Not enough stock for this product.', {
        fields: [{ field: 'variantId', message: `Stock insuffisant : ${Math.max(0, item.onHand)} disponible(s).` }],
        details: { available: Math.max(0, item.onHand) },
      });
  }
  const owedCents = o.paymentState === 'paid' ? Math.max(0, o.totalCents - correction.totals.totalCents) : 0;
  const details = {
    changes,
    totalBeforeCents: o.totalCents,
    totalAfterCents: correction.totals.totalCents,
    ...actor.via,
  };
  const { statements } = correctionStatements(db, {
    facts,
    correction,
    year: invoiceYear(now),
    now,
    userId: actor.userId,
    details,
    less: correction.less.length ? documentTotals(correction.less) : null,
    more: correction.more.length ? documentTotals(correction.more) : null,
    owedCents,
    siteUrl,
  });
  let results: Awaited<ReturnType<typeof db.batch>>;
  try {
    results = await db.batch(statements as [(typeof statements)[number], ...typeof statements]);
  } catch (err) {
    // The stock CHECK refused to go below zero: someone took the last items meanwhile.
    if (constraintCode(err) === 'SQLITE_CONSTRAINT_CHECK')
      throw new DomainError('OUT_OF_STOCK', 'Not enough stock left for this change; nothing was changed.', {
        fields: [{ field: 'changes', message: 'Stock insuffisant : rien n’a été modifié.' }],
      });
    throw err;
  }
  if ((results.at(-1) as { rowsAffected: number }).rowsAffected !== 1)
    throw new DomainError('STATE_CONFLICT', 'The order changed meanwhile; reload it and try again.');
  const money =
    owedCents > 0 && o.paymentKind === 'card'
      ? await refundOwedByCard({ db, refunds, orderId: o.id, account: o.stripeAccountId, intent: facts.intent })
      : { refundedCents: 0, owedCents };
  return {
    id: publicId,
    totalCents: correction.totals.totalCents,
    creditedCents: correction.less.length ? documentTotals(correction.less).totalTtcCents : 0,
    invoicedCents: correction.more.length ? documentTotals(correction.more).totalTtcCents : 0,
    ...money,
  };
}
