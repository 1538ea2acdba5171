// An order corrected after it was placed (pickup day: a missing item, the real weight of a chicken,
// an item added): one use case taking the order and a list of line changes, so the shopper's own
// change can reuse it. Recomputed with the pricing code everyone uses, applied in one guarded batch
// (stock moved where it was taken, never oversold), audited, e-mailed to the shopper; the difference
// is a credit note (less) or a supplementary invoice (more), and a paid order costing less gives
// money back (refunded by card, or recorded as owed in cash).
import { addableItems, correctionStatements, orderForCorrection, type CorrectionFacts } from '../../db/orders/corrections.ts';
import type { SQL } from 'drizzle-orm';
import { constraintCode, type Statement } from '../../db/core/batch.ts';
import type { Db } from '../../db/core/client.ts';
import { correctOrderLines, documentTotals, type AddableItem, type LineChange } from '../../domain/corrections.ts';
import { assertWithinOrderLimit } from '../../domain/cart.ts';
import { DomainError } from '../../domain/errors.ts';
import { invoiceYear } from '../../domain/invoices.ts';
import { isSale } from '../../domain/orders.ts';
import type { Refunds } from '../stripe.ts';
import { refundOwedByCard } from './refund.ts';

export type { LineChange };

/** Refused because the order is no longer as read or as shown (not because of its state): say so, and show it as it is now. */
const changedMeanwhile = (message: string) => new DomainError('STATE_CONFLICT', message, { details: { changed: true } });
export const isChangedMeanwhile = (err: DomainError) => err.code === 'STATE_CONFLICT' && err.details.changed === true;

/**
 * The correction the changes give, computed and checked against the stock read now, without writing:
 * what correctOrder applies, and what a shopper's change shows (or asks to pay) before it is applied.
 */
export async function planCorrection({
  db,
  hubId,
  publicId,
  changes: asked,
  asShopper = false,
  expectVersion,
}: {
  db: Db;
  hubId: number;
  publicId: string;
  /** The changes, or how to get them from the order's lines as read (a shopper names products and new quantities). */
  changes: readonly LineChange[] | ((lines: CorrectionFacts['lines']) => readonly LineChange[]);
  /**
   * A shopper's own change: what they touch is priced as the shop prices it today, and they add only
   * what the public shop sells (the hub may add a members' product for its customer; they may not here).
   */
  asShopper?: boolean;
  /** Only the order as it was at this version (updated_at): checked before anything else is, see correctOrder. */
  expectVersion?: number | undefined;
}) {
  const facts = await orderForCorrection(db, hubId, publicId);
  if (!facts) throw new DomainError('NOT_FOUND', 'No such order in this shop.');
  const o = facts.order;
  // Before the changes are checked: changes typed over another version of the order are not its changes.
  if (expectVersion !== undefined && o.updatedAt !== expectVersion)
    throw changedMeanwhile('The order changed since this change was asked for; nothing was changed.');
  if (!isSale(o.state))
    throw new DomainError('STATE_CONFLICT', `An order that is ${o.state} cannot be corrected.`, { details: { state: o.state } });
  const changes = typeof asked === 'function' ? asked(facts.lines) : asked;
  // A shopper's change is priced as the shop prices it today: the lines it touches too, not only the added ones.
  const touched = !asShopper
    ? []
    : changes.flatMap((ch) => (ch.kind === 'quantity' ? [facts.lines.find((l) => l.id === ch.lineId)?.variantId ?? -1] : []));
  const added = changes.flatMap((ch) => (ch.kind === 'add' ? [ch.variantId] : []));
  const items = await addableItems(db, facts, [...added, ...touched], { publicOnly: asShopper });
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
    reprice: asShopper,
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
  // A shopper's own change keeps to each product's maximum per order, as the cart does (the hub may go past it).
  if (asShopper)
    for (const line of correction.lines) {
      const item = items.find((i) => i.variantId === line.variantId);
      const before = facts.lines.find((l) => l.variantId === line.variantId)?.quantity ?? 0;
      if (item && line.quantity > before) assertWithinOrderLimit(item, line.variantId, line.quantity);
    }
  return { facts, correction };
}

export async function correctOrder({
  db,
  refunds,
  hubId,
  publicId,
  changes,
  actor,
  now,
  siteUrl,
  by = 'hub',
  expectVersion,
  expectIncreaseCents,
  extra,
  plan,
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
  /** Who asked: the hub (its own words in the shopper's e-mail), or the shopper (then the hub is told). */
  by?: 'hub' | 'shopper';
  /**
   * Apply only to the order as it was at this version (updated_at): a change paid for, a grid typed
   * over the order as shown. The batch is guarded by the version read, so a change landing between
   * this check and the batch is refused too, never saved over.
   */
  expectVersion?: number | undefined;
  /**
   * Apply only if the order's total rises by exactly this much: a change paid for is applied at the
   * prices it was paid at (a price changed during the payment refuses it, and the payment is refunded).
   */
  expectIncreaseCents?: number;
  /** More statements for the same batch, under the same guard (a paid change recorded with it). */
  extra?: (guard: SQL) => Statement[];
  /**
   * The plan the caller already made of these changes (planCorrection), applied as it is: the batch is
   * guarded by the version it read, so an order changed since is refused, never saved over.
   */
  plan?: Awaited<ReturnType<typeof planCorrection>>;
}) {
  const { facts, correction } =
    plan ?? (await planCorrection({ db, hubId, publicId, changes, asShopper: by === 'shopper', expectVersion }));
  const o = facts.order;
  if (expectIncreaseCents !== undefined && correction.totals.totalCents - o.totalCents !== expectIncreaseCents)
    throw new DomainError('STATE_CONFLICT', 'Prices changed since this change was paid for; nothing was changed.');
  const owedCents = o.paymentState === 'paid' ? Math.max(0, o.totalCents - correction.totals.totalCents) : 0;
  const details = {
    changes,
    totalBeforeCents: o.totalCents,
    totalAfterCents: correction.totals.totalCents,
    ...(by === 'shopper' ? { by } : {}),
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
    by,
    ...(extra ? { extra } : {}),
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
    throw changedMeanwhile('The order changed meanwhile; reload it and try again.');
  const money =
    owedCents > 0 && o.paymentKind === 'card'
      ? await refundOwedByCard({ db, refunds, orderId: o.id, account: o.stripeAccountId })
      : { refundedCents: 0, owedCents };
  return {
    id: publicId,
    totalCents: correction.totals.totalCents,
    creditedCents: correction.less.length ? documentTotals(correction.less).totalTtcCents : 0,
    invoicedCents: correction.more.length ? documentTotals(correction.more).totalTtcCents : 0,
    ...money,
  };
}
