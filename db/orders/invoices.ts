// Invoices and credit notes: one gapless sequence per selling enterprise and year, shared by both
// (a credit note takes the next number, as DOMAIN.md's « unbroken chronological sequence » asks).
// The counter is bumped and the document inserted in the transaction that causes it, so a rolled-back
// change leaves no gap and concurrent ones are serialised by the database's write lock. Every
// document's rows are copied when it is issued: nothing re-reads the order afterwards.
import { sql, type SQL } from 'drizzle-orm';
import type { ChargedAmount } from '../../domain/invoices.ts';
import type { Db } from '../core/client.ts';
import type { Statement } from '../core/batch.ts';

/**
 * What the order with this id (an SQL expression) charges now, as invoice rows in a fixed order
 * (lines, per-order fees, shipping): label, detail, quantity, unit_ttc, total_ttc, vat_rate_bp.
 */
export function chargedRowsSql(order: SQL): SQL {
  return sql`SELECT label, detail, quantity, unit_ttc, total_ttc, vat_rate_bp FROM (
      SELECT 1 AS k, ol.id AS n, ol.product_name || ' — ' || ol.variant_name AS label, e.name AS detail, ol.quantity AS quantity,
        ol.unit_price_cents AS unit_ttc, ol.line_total_cents AS total_ttc, ol.vat_rate_bp AS vat_rate_bp
      FROM order_lines ol JOIN enterprises e ON e.id = ol.producer_id WHERE ol.order_id = ${order}
      UNION ALL
      SELECT 2, f.id, f.name, e.name, 1, f.amount_cents, f.amount_cents, f.vat_rate_bp
      FROM order_fees f JOIN enterprises e ON e.id = f.enterprise_id WHERE f.order_id = ${order} AND f.order_line_id IS NULL AND f.amount_cents <> 0
      UNION ALL
      SELECT 3, 0, o.shipping_name, NULL, 1, o.shipping_cents, o.shipping_cents, o.shipping_vat_rate_bp
      FROM orders o WHERE o.id = ${order} AND o.shipping_cents <> 0
    ) ORDER BY k, n`;
}

/** The order's first invoice from its seller (the hub), the one credit notes reference. */
const firstInvoiceSql = (order: SQL) =>
  sql`(SELECT i.id FROM invoices i WHERE i.order_id = ${order} AND i.supplements_invoice_id IS NULL ORDER BY i.id LIMIT 1)`;

/**
 * Numbers the invoice of the order matched by `where` (over `orders o`), sold by its hub, unless it
 * already has one, and copies its rows: the guard is read before the insert, so a replay neither
 * bumps nor inserts.
 */
export function issueInvoiceStatements(db: Db, p: { where: SQL; year: number; now: number }): Statement[] {
  const unnumbered = sql`${p.where} AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.order_id = o.id AND i.enterprise_id = o.hub_id AND i.supplements_invoice_id IS NULL)`;
  const order = sql`(SELECT o.id FROM orders o WHERE ${p.where})`;
  return [
    db.run(sql`INSERT INTO invoice_counters (enterprise_id, year, last_number)
      SELECT o.hub_id, ${p.year}, 1 FROM orders o WHERE ${unnumbered}
      ON CONFLICT (enterprise_id, year) DO UPDATE SET last_number = last_number + 1`),
    db.run(sql`INSERT INTO invoices (enterprise_id, order_id, year, number, total_ht_cents, total_vat_cents, total_ttc_cents, issued_at)
      SELECT o.hub_id, o.id, ${p.year}, (SELECT c.last_number FROM invoice_counters c WHERE c.enterprise_id = o.hub_id AND c.year = ${p.year}),
        o.total_cents - o.vat_total_cents, o.vat_total_cents, o.total_cents, ${p.now}
      FROM orders o WHERE ${unnumbered}`),
    db.run(sql`INSERT INTO invoice_lines (invoice_id, label, detail, quantity, unit_ttc_cents, total_ttc_cents, vat_rate_bp)
      SELECT inv.id, r.label, r.detail, r.quantity, r.unit_ttc, r.total_ttc, r.vat_rate_bp
      FROM (SELECT id FROM invoices WHERE id = ${firstInvoiceSql(order)} AND NOT EXISTS (SELECT 1 FROM invoice_lines l WHERE l.invoice_id = invoices.id)) inv,
        (${chargedRowsSql(order)}) r`),
  ];
}

/** Bumps the seller's counter for the year when `guard` holds (an SQL condition, no table). */
function bumpCounter(db: Db, enterpriseId: number, year: number, guard: SQL): Statement {
  return db.run(sql`INSERT INTO invoice_counters (enterprise_id, year, last_number) SELECT ${enterpriseId}, ${year}, 1 WHERE ${guard}
    ON CONFLICT (enterprise_id, year) DO UPDATE SET last_number = last_number + 1`);
}

const lastNumberSql = (enterpriseId: number, year: number) =>
  sql`(SELECT c.last_number FROM invoice_counters c WHERE c.enterprise_id = ${enterpriseId} AND c.year = ${year})`;

export interface DocumentTotals {
  totalHtCents: number;
  totalVatCents: number;
  totalTtcCents: number;
}

export interface IssuedDocument {
  orderId: number;
  enterpriseId: number;
  year: number;
  now: number;
  /** Holds while the change that issues the document is still to be applied (the order's version). */
  guard: SQL;
}

/**
 * A credit note for the order's first invoice with the given rows (amounts credited, positive), or,
 * when `rows` is null, for everything the order charges now (a cancellation). Nothing when the
 * order has no invoice (a card attempt never paid) or the guard fails.
 */
export function issueCreditNoteStatements(
  db: Db,
  d: IssuedDocument & {
    cause: 'cancelled' | 'corrected';
    reason: string | null;
    rows: readonly ChargedAmount[] | null;
    totals: DocumentTotals | null;
  },
): Statement[] {
  const order = sql`${d.orderId}`;
  const guard = sql`${d.guard} AND ${firstInvoiceSql(order)} IS NOT NULL`;
  const totals = d.totals
    ? sql`${d.totals.totalHtCents}, ${d.totals.totalVatCents}, ${d.totals.totalTtcCents}`
    : sql`(SELECT total_cents - vat_total_cents FROM orders WHERE id = ${order}), (SELECT vat_total_cents FROM orders WHERE id = ${order}), (SELECT total_cents FROM orders WHERE id = ${order})`;
  const note = sql`(SELECT id FROM credit_notes WHERE enterprise_id = ${d.enterpriseId} AND year = ${d.year} AND number = ${lastNumberSql(d.enterpriseId, d.year)} AND order_id = ${order} AND issued_at = ${d.now})`;
  const statements: Statement[] = [
    bumpCounter(db, d.enterpriseId, d.year, guard),
    db.run(sql`INSERT INTO credit_notes (enterprise_id, order_id, invoice_id, year, number, cause, reason, total_ht_cents, total_vat_cents, total_ttc_cents, issued_at)
      SELECT ${d.enterpriseId}, ${order}, ${firstInvoiceSql(order)}, ${d.year}, ${lastNumberSql(d.enterpriseId, d.year)}, ${d.cause}, ${d.reason}, ${totals}, ${d.now}
      WHERE ${guard}`),
  ];
  if (d.rows === null) {
    statements.push(
      db.run(sql`INSERT INTO credit_note_lines (credit_note_id, label, detail, quantity, unit_ttc_cents, total_ttc_cents, vat_rate_bp)
        SELECT ${note}, r.label, r.detail, r.quantity, r.unit_ttc, r.total_ttc, r.vat_rate_bp FROM (${chargedRowsSql(order)}) r WHERE ${guard}`),
    );
  } else {
    for (const r of d.rows)
      statements.push(
        db.run(sql`INSERT INTO credit_note_lines (credit_note_id, label, detail, quantity, unit_ttc_cents, total_ttc_cents, vat_rate_bp)
          SELECT ${note}, ${r.label}, ${r.detail ?? null}, ${r.quantity}, ${r.unitTtcCents}, ${r.totalTtcCents}, ${r.vatRateBp} WHERE ${guard}`),
      );
  }
  return statements;
}

/** A further invoice for what a correction upwards adds, supplementing the order's first invoice. */
export function issueSupplementStatements(
  db: Db,
  d: IssuedDocument & { rows: readonly ChargedAmount[]; totals: DocumentTotals },
): Statement[] {
  const order = sql`${d.orderId}`;
  const guard = sql`${d.guard} AND ${firstInvoiceSql(order)} IS NOT NULL`;
  const invoice = sql`(SELECT id FROM invoices WHERE enterprise_id = ${d.enterpriseId} AND year = ${d.year} AND number = ${lastNumberSql(d.enterpriseId, d.year)})`;
  return [
    bumpCounter(db, d.enterpriseId, d.year, guard),
    db.run(sql`INSERT INTO invoices (enterprise_id, order_id, year, number, total_ht_cents, total_vat_cents, total_ttc_cents, issued_at, supplements_invoice_id)
      SELECT ${d.enterpriseId}, ${order}, ${d.year}, ${lastNumberSql(d.enterpriseId, d.year)}, ${d.totals.totalHtCents}, ${d.totals.totalVatCents}, ${d.totals.totalTtcCents}, ${d.now}, ${firstInvoiceSql(order)}
      WHERE ${guard}`),
    ...d.rows.map((r) =>
      db.run(sql`INSERT INTO invoice_lines (invoice_id, label, detail, quantity, unit_ttc_cents, total_ttc_cents, vat_rate_bp)
        SELECT ${invoice}, ${r.label}, ${r.detail ?? null}, ${r.quantity}, ${r.unitTtcCents}, ${r.totalTtcCents}, ${r.vatRateBp} WHERE ${guard}`),
    ),
  ];
}
