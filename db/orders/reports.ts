// Reports over a hub's sales, computed by the database (GROUP BY over indexed order lines) so they
// stay instant at any size: what each producer brings, what goes in each bag, per product, payments,
// and the money: fees per enterprise and role, VAT per rate and per producer, what each producer is
// owed, totals per customer. Only sales count (placed and later: never a card attempt, never cancelled).
// Scope: one cycle (one hub, or every hub of a cycle its coordinator runs), or a period of placement.
// A correction rewrites the order's lines, fees and totals in place (the credit note or supplementary
// invoice records the difference), and a cancelled order is no sale: so the order rows are already
// the amounts after corrections, and subtracting the credit notes again would count them twice. The
// documents are read on their own (vatReport's `documents`: invoiced, credited, net per rate) so the
// treasurer sees that they add up to the same sales; money given back or still owed to shoppers
// (money_back) is read beside the payments and the customers.
import { type SQL, sql } from 'drizzle-orm';
import { readableInt } from '../core/columns.ts';
import type { Db } from '../core/client.ts';
import { saleStateSql } from './sql.ts';

const SALE = saleStateSql('o');

export const REPORT_KINDS = ['producers', 'shoppers', 'products', 'payments', 'fees', 'vat', 'payouts', 'customers'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/**
 * Which orders a report reads. `hubId` null: every hub of the cycle (cycle scope) or of the cycles
 * the coordinator runs (period scope). A period is [from, to) in epoch ms of placement.
 */
export type ReportScope =
  | { kind: 'cycle'; cycleId: number; hubId: number | null }
  | { kind: 'period'; from: number; to: number; hubId: number | null; coordinatorId: number };

/** The hubs a scope reads (over orders o): one hub, every hub of the cycle, or of the cycles the coordinator runs. */
function hubsOf(s: ReportScope): SQL {
  if (s.hubId !== null) return sql` AND o.hub_id = ${s.hubId}`;
  if (s.kind === 'cycle') return sql``;
  return sql` AND o.cycle_id IN (SELECT oc.id FROM order_cycles oc WHERE oc.coordinator_id = ${s.coordinatorId})`;
}

/** The orders of the scope (alias o), sales or not: callers add the states they count. */
function inScope(s: ReportScope): SQL {
  if (s.kind === 'cycle') return sql`o.cycle_id = ${s.cycleId}${hubsOf(s)}`;
  return sql`o.placed_at >= ${s.from} AND o.placed_at < ${s.to}${hubsOf(s)}`;
}

/**
 * The documents (alias `d`, invoices or credit notes) of the scope, over orders o: of the cycle's
 * orders; over a period, those issued in it, as the VAT return counts them (a credit note issued in
 * December for a November order belongs to December).
 */
function documentsInScope(s: ReportScope, d: string): SQL {
  if (s.kind === 'cycle') return inScope(s);
  const at = sql.raw(`${d}.issued_at`);
  return sql`${at} >= ${s.from} AND ${at} < ${s.to}${hubsOf(s)}`;
}
const sales = (s: ReportScope) => sql`${inScope(s)} AND ${SALE}`;

/** SQL twin of domain/vat.ts vatIncluded on a column of VAT-inclusive cents. */
const vatOf = (ttc: SQL, rateBp: SQL) => sql`(${ttc} - CAST(round(${ttc} * 10000.0 / (10000 + ${rateBp})) AS INTEGER))`;

/**
 * Many rows for few groups come out of the database as one JSON text per group (json_group_array):
 * the driver and the HTTP protocol move a few long strings instead of tens of thousands of values,
 * which at 16,000 order lines cost them ten times the query itself.
 */
const parsed = <T>(text: string) => JSON.parse(text) as T[];

export interface ProducerTotalRow {
  producerName: string;
  productName: string;
  variantName: string;
  quantity: number;
  /** What goes to the producer: base price (VAT included) × quantity. */
  baseCents: number;
  salesCents: number;
}

export async function producerTotals(db: Db, s: ReportScope): Promise<ProducerTotalRow[]> {
  const groups = await db.all<{ producerName: string; rows: string }>(sql`SELECT p.name AS producerName,
      json_group_array(json_array(v.productName, v.variantName, v.quantity, v.baseCents, v.salesCents) ORDER BY v.productName, v.variantName) AS rows
    FROM (SELECT ol.producer_id AS producerId, ol.product_name AS productName, ol.variant_name AS variantName,
        sum(ol.quantity) AS quantity, sum(ol.base_price_cents * ol.quantity) AS baseCents, sum(ol.line_total_cents) AS salesCents
      FROM orders o JOIN order_lines ol ON ol.order_id = o.id
      WHERE ${sales(s)}
      GROUP BY ol.producer_id, ol.variant_id) v JOIN enterprises p ON p.id = v.producerId
    GROUP BY v.producerId ORDER BY p.name, v.producerId`);
  return groups.flatMap((g) =>
    parsed<[string, string, number, number, number]>(g.rows).map(([productName, variantName, quantity, baseCents, salesCents]) => ({
      producerName: g.producerName,
      productName,
      variantName,
      quantity,
      baseCents,
      salesCents,
    })),
  );
}

/** One order's bag: who collects it, and every line in it by producer and product. */
export interface PackingBag {
  publicId: string;
  hubName: string;
  shopperName: string;
  phone: string;
  shippingName: string;
  lines: Array<{ producerName: string; productName: string; variantName: string; quantity: number }>;
}

/** Every line of every order, by shopper then product: what goes in each bag. */
export async function packingByShopper(db: Db, s: ReportScope): Promise<PackingBag[]> {
  const bags = await db.all<Omit<PackingBag, 'lines'> & { lines: string }>(sql`SELECT o.public_id AS publicId, h.name AS hubName,
      o.name AS shopperName, o.phone, o.shipping_name AS shippingName,
      json_group_array(json_array(p.name, ol.product_name, ol.variant_name, ol.quantity) ORDER BY p.name, ol.product_name, ol.variant_name) AS lines
    FROM orders o JOIN order_lines ol ON ol.order_id = o.id JOIN enterprises p ON p.id = ol.producer_id JOIN enterprises h ON h.id = o.hub_id
    WHERE ${sales(s)}
    GROUP BY o.id ORDER BY h.name, o.name, o.id`);
  return bags.map((b) => ({
    ...b,
    lines: parsed<[string, string, string, number]>(b.lines).map(([producerName, productName, variantName, quantity]) => ({
      producerName,
      productName,
      variantName,
      quantity,
    })),
  }));
}

/** One product of one producer and who gets how many of it. */
export interface ProductPacking {
  producerName: string;
  productName: string;
  variantName: string;
  quantity: number;
  shoppers: Array<{ publicId: string; hubName: string; shopperName: string; phone: string; shippingName: string; quantity: number }>;
}

/** The same lines by product then shopper: who gets how many of each (one JSON text per producer). */
export async function packingByProduct(db: Db, s: ReportScope): Promise<ProductPacking[]> {
  const groups = await db.all<{ producerName: string; rows: string }>(sql`SELECT p.name AS producerName,
      json_group_array(json_array(ol.product_name, ol.variant_name, ol.variant_id, o.public_id, h.name, o.name, o.phone, o.shipping_name, ol.quantity)
        ORDER BY ol.product_name, ol.variant_name, ol.variant_id, h.name, o.name, o.id) AS rows
    FROM orders o JOIN order_lines ol ON ol.order_id = o.id JOIN enterprises p ON p.id = ol.producer_id JOIN enterprises h ON h.id = o.hub_id
    WHERE ${sales(s)}
    GROUP BY ol.producer_id ORDER BY p.name, ol.producer_id`);
  const out: ProductPacking[] = [];
  for (const g of groups) {
    let last: ProductPacking | null = null;
    let lastVariant = -1;
    for (const [productName, variantName, variantId, publicId, hubName, shopperName, phone, shippingName, quantity] of parsed<
      [string, string, number, string, string, string, string, string, number]
    >(g.rows)) {
      if (!last || variantId !== lastVariant) {
        last = { producerName: g.producerName, productName, variantName, quantity: 0, shoppers: [] };
        lastVariant = variantId;
        out.push(last);
      }
      last.quantity += quantity;
      last.shoppers.push({ publicId, hubName, shopperName, phone, shippingName, quantity });
    }
  }
  return out;
}

export interface PaymentRow {
  publicId: string;
  hubName: string;
  shopperName: string;
  paymentName: string;
  paymentKind: 'card' | 'offline';
  paymentState: 'pending' | 'paid' | 'failed' | 'refunded';
  /** A cancelled order whose money moved (refunded, or paid after its attempt had ended): listed so the cash adds up. */
  cancelled: number;
  /** The order's total after its corrections (a cancelled order's as it was when cancelled). */
  totalCents: number;
  /** Given back to the shopper: refunded by card, or handed back by the hub. */
  backCents: number;
  /** Still owed to the shopper: an offline payment to hand back, or a card refund Stripe has not made yet. */
  owedBackCents: number;
}

/** What went back to the shopper of order `o` and what is still owed to her, from money_back (indexed by order). */
const moneyBackColumns = sql`coalesce((SELECT sum(mb.amount_cents) FROM money_back mb WHERE mb.order_id = o.id AND mb.state <> 'owed'), 0) AS backCents,
      coalesce((SELECT sum(mb.amount_cents) FROM money_back mb WHERE mb.order_id = o.id AND mb.state = 'owed'), 0) AS owedBackCents`;

export async function paymentsReport(db: Db, s: ReportScope) {
  return db.all<PaymentRow>(sql`SELECT o.public_id AS publicId, h.name AS hubName, o.name AS shopperName, o.payment_name AS paymentName,
      o.payment_kind AS paymentKind, o.payment_state AS paymentState, o.state = 'cancelled' AS cancelled, o.total_cents AS totalCents, ${moneyBackColumns}
    FROM orders o JOIN enterprises h ON h.id = o.hub_id
    WHERE ${inScope(s)} AND (${SALE} OR (o.state = 'cancelled' AND o.payment_state IN ('paid', 'refunded')))
    ORDER BY o.payment_name, h.name, o.name, o.id`);
}

export interface FeeRow {
  enterpriseName: string;
  role: 'producer' | 'hub' | 'coordinator' | 'platform';
  feeName: string;
  /** 1 for a fee charged on items (in the shelf price), 0 for one charged on the order. */
  perItem: number;
  vatRateBp: number;
  orders: number;
  amountCents: number;
  /** VAT contained in the amount, at the fee's rate on the row's total. */
  vatCents: number;
}

/** Every fee charged, per enterprise that receives it, role and fee. */
export async function feesReport(db: Db, s: ReportScope) {
  return db.all<FeeRow>(sql`SELECT e.name AS enterpriseName, f.role, f.name AS feeName, f.order_line_id IS NOT NULL AS perItem,
      f.vat_rate_bp AS vatRateBp, count(DISTINCT f.order_id) AS orders, sum(f.amount_cents) AS amountCents,
      ${vatOf(sql`sum(f.amount_cents)`, sql`f.vat_rate_bp`)} AS vatCents
    FROM orders o JOIN order_fees f ON f.order_id = o.id JOIN enterprises e ON e.id = f.enterprise_id
    WHERE ${sales(s)}
    GROUP BY f.enterprise_id, f.role, f.name, perItem, f.vat_rate_bp ORDER BY e.name, f.role, f.name, perItem DESC, f.vat_rate_bp`);
}

export interface VatRateRow {
  rateBp: number;
  ttcCents: number;
  vatCents: number;
}
export interface VatProducerRow {
  producerName: string;
  rateBp: number;
  ttcCents: number;
  vatCents: number;
}
/** One rate of the documents issued: invoices (the first and the supplementary ones) and credit notes, each as issued. */
export interface VatDocumentRow {
  rateBp: number;
  invoicedTtcCents: number;
  invoicedVatCents: number;
  creditedTtcCents: number;
  creditedVatCents: number;
}
export interface DocumentCounts {
  invoices: number;
  /** Further invoices issued for a correction upwards. */
  supplements: number;
  creditNotes: number;
}
export interface VatReportRows {
  /** As the invoices count it: VAT on each order's total per rate (lines, per-order fees, shipping), summed. */
  rates: VatRateRow[];
  /** The goods of each producer per rate, VAT as on each order line. */
  producers: VatProducerRow[];
  /** The documents issued per rate: invoiced minus credited is the sales after corrections. */
  documents: VatDocumentRow[];
  counts: DocumentCounts;
}

export async function vatReport(db: Db, s: ReportScope): Promise<VatReportRows> {
  const [rates, producers, documents, counts] = await Promise.all([
    db.all<VatRateRow>(sql`WITH parts AS (
        SELECT o.id AS orderId, ol.vat_rate_bp AS rateBp, ol.line_total_cents AS ttc
          FROM orders o JOIN order_lines ol ON ol.order_id = o.id WHERE ${sales(s)}
        UNION ALL SELECT o.id, f.vat_rate_bp, f.amount_cents
          FROM orders o JOIN order_fees f ON f.order_id = o.id WHERE ${sales(s)} AND f.order_line_id IS NULL
        UNION ALL SELECT o.id, o.shipping_vat_rate_bp, o.shipping_cents FROM orders o WHERE ${sales(s)} AND o.shipping_cents <> 0
      ), per_order AS (SELECT orderId, rateBp, sum(ttc) AS ttc FROM parts GROUP BY orderId, rateBp)
      SELECT rateBp, sum(ttc) AS ttcCents, sum(${vatOf(sql`ttc`, sql`rateBp`)}) AS vatCents
      FROM per_order GROUP BY rateBp HAVING sum(ttc) <> 0 ORDER BY rateBp`),
    db.all<VatProducerRow>(sql`SELECT p.name AS producerName, ol.vat_rate_bp AS rateBp, sum(ol.line_total_cents) AS ttcCents, sum(ol.vat_cents) AS vatCents
      FROM orders o JOIN order_lines ol ON ol.order_id = o.id JOIN enterprises p ON p.id = ol.producer_id
      WHERE ${sales(s)}
      GROUP BY ol.producer_id, ol.vat_rate_bp ORDER BY p.name, ol.vat_rate_bp`),
    // Each document's VAT on its own rate totals, as it was printed; a credit note's rows are positive.
    db.all<VatDocumentRow>(sql`WITH docs AS (
        SELECT 1 AS credit, l.vat_rate_bp AS rateBp, sum(l.total_ttc_cents) AS ttc
          FROM orders o JOIN invoices i ON i.order_id = o.id JOIN invoice_lines l ON l.invoice_id = i.id
          WHERE ${documentsInScope(s, 'i')} GROUP BY i.id, l.vat_rate_bp
        UNION ALL SELECT 2, l.vat_rate_bp, sum(l.total_ttc_cents)
          FROM orders o JOIN credit_notes n ON n.order_id = o.id JOIN credit_note_lines l ON l.credit_note_id = n.id
          WHERE ${documentsInScope(s, 'n')} GROUP BY n.id, l.vat_rate_bp
      ), taxed AS (SELECT credit, rateBp, ttc, ${vatOf(sql`ttc`, sql`rateBp`)} AS vat FROM docs)
      SELECT rateBp, sum(CASE WHEN credit = 1 THEN ttc ELSE 0 END) AS invoicedTtcCents, sum(CASE WHEN credit = 1 THEN vat ELSE 0 END) AS invoicedVatCents,
        sum(CASE WHEN credit = 2 THEN ttc ELSE 0 END) AS creditedTtcCents, sum(CASE WHEN credit = 2 THEN vat ELSE 0 END) AS creditedVatCents
      FROM taxed GROUP BY rateBp ORDER BY rateBp`),
    db.all<DocumentCounts>(sql`SELECT
        (SELECT count(*) FROM orders o JOIN invoices i ON i.order_id = o.id WHERE ${documentsInScope(s, 'i')} AND i.supplements_invoice_id IS NULL) AS invoices,
        (SELECT count(*) FROM orders o JOIN invoices i ON i.order_id = o.id WHERE ${documentsInScope(s, 'i')} AND i.supplements_invoice_id IS NOT NULL) AS supplements,
        (SELECT count(*) FROM orders o JOIN credit_notes n ON n.order_id = o.id WHERE ${documentsInScope(s, 'n')}) AS creditNotes`),
  ]);
  return { rates, producers, documents, counts: counts[0] ?? { invoices: 0, supplements: 0, creditNotes: 0 } };
}

export interface PayoutRow {
  producerName: string;
  hubName: string;
  /** The producer's lines as the shoppers paid them (VAT included). */
  salesCents: number;
  /** The fees on those lines that others receive (hub, coordinator, platform). */
  othersFeesCents: number;
  /** « À reverser »: what the hub owes the producer, salesCents − othersFeesCents. */
  owedCents: number;
}

/** What each producer is owed by each hub: its lines' totals minus the fees others charge on them. */
export async function payoutsReport(db: Db, s: ReportScope): Promise<PayoutRow[]> {
  // Two plain GROUP BYs joined here: a per-line subquery for the fees took three times as long.
  const [lines, fees] = await Promise.all([
    db.all<{
      producerId: number;
      hubId: number;
      producerName: string;
      hubName: string;
      salesCents: number;
    }>(sql`SELECT ol.producer_id AS producerId,
        o.hub_id AS hubId, p.name AS producerName, h.name AS hubName, sum(ol.line_total_cents) AS salesCents
      FROM orders o JOIN order_lines ol ON ol.order_id = o.id JOIN enterprises p ON p.id = ol.producer_id JOIN enterprises h ON h.id = o.hub_id
      WHERE ${sales(s)}
      GROUP BY ol.producer_id, o.hub_id ORDER BY p.name, h.name`),
    db.all<{
      producerId: number;
      hubId: number;
      feesCents: number;
    }>(sql`SELECT ol.producer_id AS producerId, o.hub_id AS hubId, sum(f.amount_cents) AS feesCents
      FROM orders o JOIN order_fees f ON f.order_id = o.id JOIN order_lines ol ON ol.id = f.order_line_id
      WHERE ${sales(s)} AND f.role <> 'producer'
      GROUP BY ol.producer_id, o.hub_id`),
  ]);
  const kept = new Map(fees.map((f) => [`${f.producerId}:${f.hubId}`, f.feesCents]));
  return lines.map(({ producerName, hubName, salesCents, producerId, hubId }) => {
    const othersFeesCents = kept.get(`${producerId}:${hubId}`) ?? 0;
    return { producerName, hubName, salesCents, othersFeesCents, owedCents: salesCents - othersFeesCents };
  });
}

export interface CustomerRow {
  email: string;
  shopperName: string;
  hubName: string;
  orders: number;
  itemsCents: number;
  orderFeesCents: number;
  shippingCents: number;
  totalCents: number;
  paidCents: number;
  /** Still owed back to the customer (her cancelled orders' included): to hand back, or a card refund to retry. */
  owedBackCents: number;
}

/**
 * Totals per customer (by e-mail) and hub: what each spent after corrections, how much of it is paid,
 * and what the hub still owes her. A cancelled order counts only for money still owed on it.
 */
export async function customersReport(db: Db, s: ReportScope) {
  const sale = (x: SQL) => sql`sum(CASE WHEN ${SALE} THEN ${x} ELSE 0 END)`;
  return db.all<CustomerRow>(sql`SELECT min(o.email) AS email, max(o.name) AS shopperName, h.name AS hubName, ${sale(sql`1`)} AS orders,
      ${sale(sql`o.items_total_cents`)} AS itemsCents, ${sale(sql`o.order_fees_cents`)} AS orderFeesCents, ${sale(sql`o.shipping_cents`)} AS shippingCents,
      ${sale(sql`o.total_cents`)} AS totalCents, ${sale(sql`CASE WHEN o.payment_state = 'paid' THEN o.total_cents ELSE 0 END`)} AS paidCents,
      coalesce(sum(b.owed), 0) AS owedBackCents
    FROM orders o JOIN enterprises h ON h.id = o.hub_id
      LEFT JOIN (SELECT mb.order_id, sum(mb.amount_cents) AS owed FROM money_back mb WHERE mb.state = 'owed' GROUP BY mb.order_id) b ON b.order_id = o.id
    WHERE ${inScope(s)} AND (${SALE} OR b.owed > 0)
    GROUP BY o.hub_id, lower(o.email) ORDER BY shopperName, h.name, email`);
}

/** Sales per producer (shelf prices, VAT included): the cycle's picture as a small chart. */
export async function salesPerProducer(db: Db, hubId: number, cycleId: number) {
  return db.all<{ producerName: string; salesCents: number }>(sql`SELECT p.name AS producerName, sum(ol.line_total_cents) AS salesCents
    FROM orders o JOIN order_lines ol ON ol.order_id = o.id JOIN enterprises p ON p.id = ol.producer_id
    WHERE o.hub_id = ${hubId} AND o.cycle_id = ${cycleId} AND ${SALE}
    GROUP BY ol.producer_id ORDER BY salesCents DESC, p.name`);
}

export interface ProducerCycleRow {
  id: number;
  name: string;
  opensAt: number;
  closesAt: number;
  /** The hubs selling in the cycle (the coordinator first), « · » between them. */
  hubNames: string;
  /** Sales holding this producer's products. */
  orderCount: number;
}

/** The cycles a producer is in or was ordered from, newest first, each with its hubs and its orders. */
export async function producerSalesCycles(db: Db, producerId: number) {
  const opens = readableInt(sql.raw('oc.opens_at'));
  const closes = readableInt(sql.raw('oc.closes_at'));
  return db.all<ProducerCycleRow>(sql`SELECT oc.id, oc.name, ${opens} AS opensAt, ${closes} AS closesAt,
      (SELECT group_concat(h.name, ' · ' ORDER BY h.id = oc.coordinator_id DESC, h.name) FROM cycle_outgoing co
          JOIN enterprises h ON h.id = co.hub_id WHERE co.cycle_id = oc.id) AS hubNames,
      (SELECT count(DISTINCT o.id) FROM orders o JOIN order_lines ol ON ol.order_id = o.id
          WHERE o.cycle_id = oc.id AND ol.producer_id = ${producerId} AND ${SALE}) AS orderCount
    FROM order_cycles oc
    WHERE EXISTS (SELECT 1 FROM orders o JOIN order_lines ol ON ol.order_id = o.id WHERE o.cycle_id = oc.id AND ol.producer_id = ${producerId} AND ${SALE})
       OR EXISTS (SELECT 1 FROM cycle_incoming ci WHERE ci.cycle_id = oc.id AND ci.producer_id = ${producerId})
    ORDER BY oc.opens_at DESC`);
}

/**
 * The cycle the producer's sales page opens on: an open one with orders, else the latest already
 * opened with orders (pickup day after the close), else an open one, else the newest.
 */
export function salesCycleToShow<T extends { opensAt: number; closesAt: number; orderCount: number }>(
  cycles: readonly T[],
  now: number,
): T | undefined {
  const open = (c: T) => c.opensAt <= now && now < c.closesAt;
  return (
    cycles.find((c) => open(c) && c.orderCount > 0) ??
    cycles.find((c) => c.opensAt <= now && c.orderCount > 0) ??
    cycles.find(open) ??
    cycles[0]
  );
}
