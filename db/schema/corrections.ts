// What pickup day leaves behind: the rows each invoice and credit note was issued with (copied, never
// re-read from the order), the credit notes (« factures d'avoir »), and the money given back.
import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { PAYMENT_KINDS } from '../../domain/orders.ts';
import { enterprises } from './enterprises.ts';
import { invoices } from './operations.ts';
import { orders } from './orders.ts';

/** The rows of an invoice as issued: TTC amounts with their VAT rate, so reports sum per rate. */
export const invoiceLines = sqliteTable(
  'invoice_lines',
  {
    id: integer('id').primaryKey(),
    invoiceId: integer('invoice_id')
      .notNull()
      .references(() => invoices.id),
    label: text('label').notNull(),
    detail: text('detail'),
    quantity: integer('quantity').notNull(),
    unitTtcCents: integer('unit_ttc_cents').notNull(),
    totalTtcCents: integer('total_ttc_cents').notNull(),
    vatRateBp: integer('vat_rate_bp').notNull(),
  },
  (t) => [index('invoice_lines_invoice_idx').on(t.invoiceId)],
);

/**
 * A credit note of the seller: numbered in the same gapless sequence as its invoices
 * (invoice_counters), referencing the invoice it corrects, its totals and lines copied at issue.
 */
export const creditNotes = sqliteTable(
  'credit_notes',
  {
    id: integer('id').primaryKey(),
    enterpriseId: integer('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id),
    invoiceId: integer('invoice_id')
      .notNull()
      .references(() => invoices.id),
    year: integer('year').notNull(),
    number: integer('number').notNull(),
    /** « cancelled » for a cancellation, « corrected » for a correction downwards. */
    cause: text('cause', { enum: ['cancelled', 'corrected'] }).notNull(),
    reason: text('reason'),
    totalHtCents: integer('total_ht_cents').notNull(),
    totalVatCents: integer('total_vat_cents').notNull(),
    totalTtcCents: integer('total_ttc_cents').notNull(),
    issuedAt: integer('issued_at').notNull(),
  },
  (t) => [uniqueIndex('credit_notes_number_idx').on(t.enterpriseId, t.year, t.number), index('credit_notes_order_idx').on(t.orderId)],
);

/** What a credit note credits, as positive TTC amounts with their VAT rate. */
export const creditNoteLines = sqliteTable(
  'credit_note_lines',
  {
    id: integer('id').primaryKey(),
    creditNoteId: integer('credit_note_id')
      .notNull()
      .references(() => creditNotes.id),
    label: text('label').notNull(),
    detail: text('detail'),
    quantity: integer('quantity').notNull(),
    unitTtcCents: integer('unit_ttc_cents').notNull(),
    totalTtcCents: integer('total_ttc_cents').notNull(),
    vatRateBp: integer('vat_rate_bp').notNull(),
  },
  (t) => [index('credit_note_lines_note_idx').on(t.creditNoteId)],
);

export const MONEY_BACK_STATES = ['refunded', 'owed', 'repaid'] as const;

/**
 * Money going back to a shopper after a correction or a cancellation: a card refund made through
 * Stripe (refunded), or an amount the hub owes on an offline payment (owed, then repaid by hand).
 */
export const moneyBack = sqliteTable(
  'money_back',
  {
    id: integer('id').primaryKey(),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id),
    kind: text('kind', { enum: PAYMENT_KINDS }).notNull(),
    state: text('state', { enum: MONEY_BACK_STATES }).notNull(),
    amountCents: integer('amount_cents').notNull(),
    stripeRefundId: text('stripe_refund_id').unique(),
    createdAt: integer('created_at').notNull(),
    repaidAt: integer('repaid_at'),
    repaidBy: integer('repaid_by'),
  },
  (t) => [index('money_back_order_idx').on(t.orderId), check('money_back_amount_positive', sql`${t.amountCents} > 0`)],
);
