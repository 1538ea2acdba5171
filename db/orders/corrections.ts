// Correcting and cancelling orders in the database: the facts a correction decides on, the one
// guarded batch that applies it (lines, fees, stock, totals, documents, money back, audit, message),
// an order's issued documents with their rows, and the money given back.
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { cycleFeesQuery, shopVariantsQuery, tagOnlyVariantIds, toShopItem } from '../catalog/shop.ts';
import { stockSourceSql } from '../catalog/offer-sql.ts';
import type { ChargedLine, Correction } from '../../domain/corrections.ts';
import type { ChargedAmount } from '../../domain/invoices.ts';
import type { OrderFeeCharge } from '../../domain/pricing.ts';
import { auditStatement } from '../core/audit.ts';
import { enterpriseLocaleSql } from '../messaging/outbox.ts';
import type { Statement } from '../core/batch.ts';
import type { Db } from '../core/client.ts';
import {
  creditNoteLines,
  creditNotes,
  cycleOutgoing,
  enterprises,
  invoiceLines,
  invoices,
  moneyBack,
  orderFees,
  orderLines,
  orders,
  payments,
} from '../schema/index.ts';
import { issueCreditNoteStatements, issueSupplementStatements, type DocumentTotals } from './invoices.ts';

/** The order of this hub with what a correction needs: its lines as charged, fees, the sale's items and fees. */
export async function orderForCorrection(db: Db, hubId: number, publicId: string) {
  const orderId = sql`(SELECT id FROM orders WHERE public_id = ${publicId} AND hub_id = ${hubId})`;
  const [head, lines, fees, outgoing, cycleFees] = await db.batch([
    db
      .select({
        id: orders.id,
        publicId: orders.publicId,
        hubId: orders.hubId,
        cycleId: orders.cycleId,
        state: orders.state,
        paymentState: orders.paymentState,
        paymentKind: orders.paymentKind,
        locale: orders.locale,
        shippingCents: orders.shippingCents,
        shippingVatRateBp: orders.shippingVatRateBp,
        totalCents: orders.totalCents,
        updatedAt: orders.updatedAt,
        stripeAccountId: enterprises.stripeAccountId,
      })
      .from(orders)
      .innerJoin(enterprises, eq(enterprises.id, orders.hubId))
      .where(eq(orders.id, orderId)),
    db
      .select({ line: orderLines, producerName: enterprises.name })
      .from(orderLines)
      .innerJoin(enterprises, eq(enterprises.id, orderLines.producerId))
      .where(eq(orderLines.orderId, orderId))
      .orderBy(asc(orderLines.id)),
    db
      .select({
        orderLineId: orderFees.orderLineId,
        enterpriseId: orderFees.enterpriseId,
        enterpriseName: enterprises.name,
        role: orderFees.role,
        name: orderFees.name,
        amountCents: orderFees.amountCents,
        vatRateBp: orderFees.vatRateBp,
      })
      .from(orderFees)
      .innerJoin(enterprises, eq(enterprises.id, orderFees.enterpriseId))
      .where(eq(orderFees.orderId, orderId))
      .orderBy(asc(orderFees.id)),
    db
      .select({ id: cycleOutgoing.id })
      .from(cycleOutgoing)
      .where(and(eq(cycleOutgoing.hubId, hubId), eq(cycleOutgoing.cycleId, sql`(SELECT cycle_id FROM orders WHERE id = ${orderId})`))),
    cycleFeesQuery(db, sql`(SELECT cycle_id FROM orders WHERE id = ${orderId})`),
  ]);
  const order = head[0];
  if (!order) return null;
  const charged: ChargedLine[] = lines.map(({ line: l, producerName }) => ({
    id: l.id,
    variantId: l.variantId,
    producerId: l.producerId,
    producerName,
    productName: l.productName,
    variantName: l.variantName,
    unitKind: l.unitKind,
    unitValue: l.unitValue,
    quantity: l.quantity,
    stockSource: l.stockSource,
    price: {
      basePriceCents: l.basePriceCents,
      // Per-item fees were stored per line (× quantity): per item again, as the shelf price holds them.
      fees: fees
        .filter((f) => f.orderLineId === l.id)
        .map((f) => ({
          feeId: 0,
          enterpriseId: f.enterpriseId,
          enterpriseName: f.enterpriseName,
          name: f.name,
          role: f.role,
          amountCents: f.amountCents / l.quantity,
        })),
      priceCents: l.unitPriceCents,
      vatRateBp: l.vatRateBp,
      vatCents: 0,
      unitPriceCents: 0,
    },
  }));
  const orderFeesCharged: OrderFeeCharge[] = fees
    .filter((f) => f.orderLineId === null)
    .map((f) => ({
      feeId: 0,
      enterpriseId: f.enterpriseId,
      enterpriseName: f.enterpriseName,
      name: f.name,
      role: f.role,
      amountCents: f.amountCents,
      vatRateBp: f.vatRateBp,
    }));
  return {
    order,
    lines: charged,
    orderFees: orderFeesCharged,
    outgoingId: outgoing[0]?.id ?? null,
    cycleFees,
  };
}

export type CorrectionFacts = NonNullable<Awaited<ReturnType<typeof orderForCorrection>>>;

/**
 * What the shop sells in the order's sale, priced now: tag-only variants included when the hub adds
 * for its customer, left out (`publicOnly`) for a shopper's own change, which sees the public shop.
 */
export async function addableItems(db: Db, facts: CorrectionFacts, variantIds: readonly number[], opts: { publicOnly?: boolean } = {}) {
  if (!facts.outgoingId || variantIds.length === 0) return [];
  const wanted = sql`${sql.raw('"variants"."id"')} IN (${sql.join(
    variantIds.map((v) => sql`${v}`),
    sql`, `,
  )})`;
  const rows = await shopVariantsQuery(
    db,
    facts.outgoingId,
    facts.order.hubId,
    opts.publicOnly ? sql`${wanted} AND ${sql.raw('"variants"."id"')} NOT IN (${tagOnlyVariantIds(facts.order.hubId)})` : wanted,
  );
  return rows.map((r) => toShopItem(r, facts.cycleFees, facts.order.hubId));
}

/** Where a new line's stock is taken, evaluated inside the batch (as at placement). */
const stockSourceOf = (hubId: number, variantId: number) =>
  sql`(SELECT ${stockSourceSql('v', 'o')} FROM variants v LEFT JOIN variant_overrides o ON o.variant_id = v.id AND o.hub_id = ${hubId} WHERE v.id = ${variantId})`;

/**
 * The batch applying a correction, every statement guarded by the order's version (updated_at as
 * read), the order row changing last: a replayed form or a concurrent change finds nothing to do.
 * Stock taken is decremented in place under the CHECK (on_hand >= 0): the whole batch rolls back
 * rather than oversell.
 */
export function correctionStatements(
  db: Db,
  p: {
    facts: CorrectionFacts;
    correction: Correction;
    year: number;
    now: number;
    userId: number | null;
    details: Record<string, unknown>;
    less: DocumentTotals | null;
    more: DocumentTotals | null;
    /** Money owed back to the shopper (a paid order now costs less), recorded in this batch. */
    owedCents: number;
    siteUrl: string;
    /** Who asked for it: the shopper's own change is announced to the hub too. */
    by?: 'hub' | 'shopper';
    /** Statements of the caller, under the same guard, in the same batch (before the order row changes). */
    extra?: (guard: SQL) => Statement[];
  },
): { statements: Statement[]; version: number } {
  const o = p.facts.order;
  const version = Math.max(p.now, o.updatedAt + 1);
  const guard = sql`EXISTS (SELECT 1 FROM orders WHERE id = ${o.id} AND updated_at = ${o.updatedAt})`;
  const s: Statement[] = [];
  const c = p.correction;
  // Documents first: they read nothing of the lines, only the counter and the order's first invoice.
  if (c.less.length && p.less)
    s.push(
      ...issueCreditNoteStatements(db, {
        orderId: o.id,
        enterpriseId: o.hubId,
        year: p.year,
        now: p.now,
        guard,
        cause: 'corrected',
        reason: null,
        rows: c.less,
        totals: p.less,
      }),
    );
  if (c.more.length && p.more)
    s.push(
      ...issueSupplementStatements(db, {
        orderId: o.id,
        enterpriseId: o.hubId,
        year: p.year,
        now: p.now,
        guard,
        rows: c.more,
        totals: p.more,
      }),
    );
  for (const l of c.lines) {
    if (l.stockDelta !== 0) {
      const source = l.stockSource ? sql`${l.stockSource}` : stockSourceOf(o.hubId, l.variantId);
      s.push(
        db.run(sql`UPDATE variant_overrides SET on_hand = on_hand - ${l.stockDelta}
          WHERE hub_id = ${o.hubId} AND variant_id = ${l.variantId} AND ${source} = 'override' AND ${guard}`),
        db.run(
          sql`UPDATE variants SET on_hand = on_hand - ${l.stockDelta} WHERE id = ${l.variantId} AND ${source} = 'producer' AND ${guard}`,
        ),
      );
    }
  }
  s.push(db.run(sql`DELETE FROM order_fees WHERE order_id = ${o.id} AND ${guard}`));
  for (const l of c.lines) {
    const total = c.totals.lines.find((t) => t.variantId === l.variantId);
    if (l.quantity === 0 && l.id !== null) s.push(db.run(sql`DELETE FROM order_lines WHERE id = ${l.id} AND ${guard}`));
    else if (total && l.id !== null)
      s.push(
        db.run(sql`UPDATE order_lines SET quantity = ${l.quantity}, variant_name = ${l.variantName}, unit_value = ${l.unitValue},
            base_price_cents = ${l.price.basePriceCents}, item_fees_cents = ${l.price.priceCents - l.price.basePriceCents},
            unit_price_cents = ${l.price.priceCents}, line_total_cents = ${total.lineTotalCents}, vat_cents = ${total.vatCents}
          WHERE id = ${l.id} AND ${guard}`),
      );
    else if (total)
      s.push(
        db.run(sql`INSERT INTO order_lines (order_id, variant_id, producer_id, product_name, variant_name, unit_kind, unit_value, quantity,
            base_price_cents, item_fees_cents, unit_price_cents, line_total_cents, vat_rate_bp, vat_cents, stock_source)
          SELECT ${o.id}, ${l.variantId}, ${l.producerId}, ${l.productName}, ${l.variantName}, ${l.unitKind}, ${l.unitValue}, ${l.quantity},
            ${l.price.basePriceCents}, ${l.price.priceCents - l.price.basePriceCents}, ${l.price.priceCents}, ${total.lineTotalCents},
            ${l.price.vatRateBp}, ${total.vatCents}, ${stockSourceOf(o.hubId, l.variantId)} WHERE ${guard}`),
      );
    if (total && l.quantity > 0)
      for (const f of l.price.fees)
        s.push(
          db.run(sql`INSERT INTO order_fees (order_id, order_line_id, enterprise_id, role, name, amount_cents, vat_rate_bp)
            SELECT ${o.id}, (SELECT id FROM order_lines WHERE order_id = ${o.id} AND variant_id = ${l.variantId}), ${f.enterpriseId}, ${f.role}, ${f.name},
              ${Math.round(f.amountCents * l.quantity)}, ${l.price.vatRateBp} WHERE ${guard}`),
        );
  }
  for (const f of c.totals.orderFees)
    s.push(
      db.run(sql`INSERT INTO order_fees (order_id, order_line_id, enterprise_id, role, name, amount_cents, vat_rate_bp)
        SELECT ${o.id}, NULL, ${f.enterpriseId}, ${f.role}, ${f.name}, ${f.amountCents}, ${f.vatRateBp} WHERE ${guard}`),
    );
  if (p.owedCents > 0)
    s.push(
      db.run(sql`INSERT INTO money_back (order_id, kind, state, amount_cents, created_at)
        SELECT ${o.id}, ${o.paymentKind}, 'owed', ${p.owedCents}, ${p.now} WHERE ${guard}`),
    );
  if (p.extra) s.push(...p.extra(guard));
  const by = p.by ?? 'hub';
  if (by === 'shopper')
    s.push(
      db.run(sql`INSERT INTO outbox (topic, recipient, locale, payload, attempts, next_attempt_at, created_at)
        SELECT 'order.changed.hub', e.email, ${enterpriseLocaleSql(sql`e.id`)},
          json_object('orderPublicId', o.public_id, 'siteUrl', ${p.siteUrl}, 'totalBeforeCents', o.total_cents), 0, ${p.now}, ${p.now}
        FROM orders o JOIN enterprises e ON e.id = o.hub_id WHERE o.id = ${o.id} AND o.updated_at = ${o.updatedAt} AND e.email IS NOT NULL`),
    );
  s.push(
    auditStatement(db, {
      userId: p.userId,
      enterpriseId: o.hubId,
      action: 'order.corrected',
      subject: `order:${o.publicId}`,
      details: p.details,
      at: p.now,
      onlyIf: guard,
    }),
    db.run(sql`INSERT INTO outbox (topic, recipient, locale, payload, attempts, next_attempt_at, created_at)
      SELECT 'order.corrected.shopper', o.email, o.locale,
        json_object('orderPublicId', o.public_id, 'siteUrl', ${p.siteUrl}, 'totalBeforeCents', o.total_cents, 'by', ${by}, 'changes', json(${JSON.stringify(p.details.changes ?? [])})), 0, ${p.now}, ${p.now}
      FROM orders o WHERE o.id = ${o.id} AND o.updated_at = ${o.updatedAt}`),
    db.run(sql`UPDATE orders SET items_total_cents = ${c.totals.itemsTotalCents}, order_fees_cents = ${c.totals.orderFeesCents},
        vat_total_cents = ${c.totals.vatTotalCents}, total_cents = ${c.totals.totalCents}, updated_at = ${version}
      WHERE id = ${o.id} AND updated_at = ${o.updatedAt}`),
  );
  return { statements: s, version };
}

/** A money-back row made by Stripe: the refund's id and state, once (the refund id is unique). */
export function refundRecordedStatement(db: Db, id: number, refundId: string): Statement {
  return db.run(sql`UPDATE money_back SET state = 'refunded', stripe_refund_id = ${refundId} WHERE id = ${id} AND state = 'owed'`);
}

/** The hub handed back an amount owed on an offline payment (cash, transfer): recorded with who and when. */
export function repaidStatements(
  db: Db,
  p: { id: number; orderId: number; hubId: number; publicId: string; userId: number | null; now: number },
): Statement[] {
  const still = sql`id = ${p.id} AND order_id = ${p.orderId} AND kind = 'offline' AND state = 'owed'`;
  return [
    auditStatement(db, {
      userId: p.userId,
      enterpriseId: p.hubId,
      action: 'order.repaid',
      subject: `order:${p.publicId}`,
      details: sql`json_object('amountCents', amount_cents)`,
      at: p.now,
      from: sql`money_back`,
      onlyIf: still,
    }),
    db.run(sql`UPDATE money_back SET state = 'repaid', repaid_at = ${p.now}, repaid_by = ${p.userId} WHERE ${still}`),
  ];
}

/**
 * What giving card money back needs, in one round trip: the order's paid card payments (its Checkout,
 * a paid change's second session) and its card money-back rows, given back or still owed.
 */
export async function cardRefundFacts(db: Db, orderId: number) {
  const [paid, rows] = await db.batch([
    db
      .select({ id: payments.id, intent: payments.stripePaymentIntentId, amountCents: payments.amountCents, createdAt: payments.createdAt })
      .from(payments)
      .where(and(eq(payments.orderId, orderId), eq(payments.kind, 'card'), eq(payments.state, 'paid')))
      .orderBy(asc(payments.id)),
    db
      .select({ id: moneyBack.id, state: moneyBack.state, amountCents: moneyBack.amountCents, createdAt: moneyBack.createdAt })
      .from(moneyBack)
      .where(and(eq(moneyBack.orderId, orderId), eq(moneyBack.kind, 'card')))
      .orderBy(asc(moneyBack.id)),
  ]);
  return { paid, rows };
}

/**
 * Part of an owed row refunded (the rest comes from another payment): that part becomes a refunded row
 * of its own, with the owed row's date, and the owed row keeps the rest. Guarded by the owed amount as
 * read, so a second caller holding the same refund records nothing.
 */
export function refundPartRecordedStatements(
  db: Db,
  p: { id: number; owedCents: number; partCents: number; refundId: string },
): Statement[] {
  const still = sql`id = ${p.id} AND state = 'owed' AND amount_cents = ${p.owedCents} AND amount_cents > ${p.partCents}`;
  return [
    db.run(sql`INSERT INTO money_back (order_id, kind, state, amount_cents, stripe_refund_id, created_at)
      SELECT order_id, kind, 'refunded', ${p.partCents}, ${p.refundId}, created_at FROM money_back
      WHERE ${still} AND NOT EXISTS (SELECT 1 FROM money_back WHERE stripe_refund_id = ${p.refundId})`),
    db.run(sql`UPDATE money_back SET amount_cents = amount_cents - ${p.partCents} WHERE ${still}`),
  ];
}

export type DocumentKind = 'invoice' | 'credit-note';

/** One issued document of an order with its rows as issued, by its number; null when it is not this order's. */
export async function findDocument(db: Db, orderId: SQL | number, kind: DocumentKind, year: number, number: number) {
  if (kind === 'invoice') {
    const [head, rows] = await db.batch([
      db
        .select()
        .from(invoices)
        .where(and(eq(invoices.orderId, orderId), eq(invoices.year, year), eq(invoices.number, number))),
      db
        .select()
        .from(invoiceLines)
        .where(
          eq(invoiceLines.invoiceId, sql`(SELECT id FROM invoices WHERE order_id = ${orderId} AND year = ${year} AND number = ${number})`),
        )
        .orderBy(asc(invoiceLines.id)),
    ]);
    const h = head[0];
    if (!h) return null;
    const first = h.supplementsInvoiceId
      ? ((
          await db.select({ year: invoices.year, number: invoices.number }).from(invoices).where(eq(invoices.id, h.supplementsInvoiceId))
        )[0] ?? null)
      : null;
    return {
      kind,
      year: h.year,
      number: h.number,
      issuedAt: h.issuedAt,
      rows: rows.map(rowOf),
      refersTo: first,
      cause: null,
      reason: null,
    };
  }
  const [head, rows] = await db.batch([
    db
      .select({ note: creditNotes, invoiceYear: invoices.year, invoiceNumber: invoices.number })
      .from(creditNotes)
      .innerJoin(invoices, eq(invoices.id, creditNotes.invoiceId))
      .where(and(eq(creditNotes.orderId, orderId), eq(creditNotes.year, year), eq(creditNotes.number, number))),
    db
      .select()
      .from(creditNoteLines)
      .where(
        eq(
          creditNoteLines.creditNoteId,
          sql`(SELECT id FROM credit_notes WHERE order_id = ${orderId} AND year = ${year} AND number = ${number})`,
        ),
      )
      .orderBy(asc(creditNoteLines.id)),
  ]);
  const h = head[0];
  if (!h) return null;
  return {
    kind,
    year: h.note.year,
    number: h.note.number,
    issuedAt: h.note.issuedAt,
    rows: rows.map(rowOf),
    refersTo: { year: h.invoiceYear, number: h.invoiceNumber },
    cause: h.note.cause,
    reason: h.note.reason,
  };
}

export type StoredDocument = NonNullable<Awaited<ReturnType<typeof findDocument>>>;

const rowOf = (r: {
  label: string;
  detail: string | null;
  quantity: number;
  unitTtcCents: number;
  totalTtcCents: number;
  vatRateBp: number;
}): ChargedAmount => ({
  label: r.label,
  ...(r.detail ? { detail: r.detail } : {}),
  quantity: r.quantity,
  unitTtcCents: r.unitTtcCents,
  totalTtcCents: r.totalTtcCents,
  vatRateBp: r.vatRateBp,
});

/** What a hub can add to an order of this sale: every variant of its selection, for the correction form's list. */
export async function saleItemChoices(db: Db, hubId: number, cycleId: number) {
  const outgoing = sql`(SELECT id FROM cycle_outgoing WHERE cycle_id = ${cycleId} AND hub_id = ${hubId})`;
  const rows = await shopVariantsQuery(db, outgoing, hubId);
  return rows.map((r) => ({ variantId: r.variantId, label: `${r.productName} — ${r.variantName} (${r.producerName})` }));
}
